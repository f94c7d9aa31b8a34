using System.Globalization;
using System.Text;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Admin.Activity;

/// <summary>
/// <c>GET /api/v1/admin/activity</c> (support and admin tokens): the activity log filtered, as JSON pages or, with
/// <c>Accept: text/csv</c>, every matching row as CSV; and <c>/admin/activity.csv</c>, the same file for the signed-in page.
/// </summary>
public static class ActivityApi
{
    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/admin/activity").WithTags("Admin").RequireAuthorization(Policies.ApiSupport)
            .MapGet("/", async (HttpRequest request, ActivityLog log, string? kind, string? actor, string? customer, string? server, string? from, string? to,
                string? search, int? page, int? pageSize, CancellationToken ct) =>
            {
                var (filter, problem) = ActivityQuery.Parse(kind, actor, customer, server, from, to, search);
                if (filter is null)
                {
                    return TypedResults.Problem(statusCode: 400, title: "Invalid filter", detail: problem);
                }

                if (WantsCsv(request))
                {
                    return await ExportAsync(log, filter, ct);
                }

                var rows = await log.GetPageAsync(filter, page ?? 0, pageSize ?? 50, ct);
                return Results.Ok(new { total = rows.TotalCount, items = rows.Rows.Select(Row) });
            });

        endpoints.MapGet("/admin/activity.csv", async (ActivityLog log, string? kind, string? actor, string? customer, string? server, string? from, string? to,
                string? search, CancellationToken ct) =>
            {
                var (filter, problem) = ActivityQuery.Parse(kind, actor, customer, server, from, to, search);
                return filter is null ? TypedResults.Problem(statusCode: 400, title: "Invalid filter", detail: problem) : await ExportAsync(log, filter, ct);
            })
            .RequireAuthorization(Policies.Support).ExcludeFromDescription();
        return endpoints;
    }

    public static object Row(ActivityRow row) => new
    {
        row.Id, row.At, kind = row.Kind.ToString(), customerId = row.UserId, customer = row.UserEmail, actorId = row.ActorId, actor = row.ActorEmail,
        serverId = row.ServerId, row.Detail, ipAddress = row.IpAddress,
    };

    /// <summary>Whether the request asks for CSV (<c>Accept: text/csv</c> or <c>?format=csv</c>).</summary>
    private static bool WantsCsv(HttpRequest request) =>
        string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
        || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(Csv.ContentType, StringComparison.OrdinalIgnoreCase));

    private static async Task<IResult> ExportAsync(ActivityLog log, ActivityFilter filter, CancellationToken ct)
    {
        var rows = (await log.ExportAsync(filter, ct)).Select(row => new[]
        {
            row.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), row.Kind.ToString(), row.UserEmail, row.UserId,
            row.ActorEmail, row.ServerId?.ToString(CultureInfo.InvariantCulture), row.Detail, row.IpAddress,
        });
        var text = Csv.Write(["at_utc", "kind", "customer", "customer_id", "staff", "server", "detail", "ip_address"], rows);
        // The byte order mark lets spreadsheets read the UTF-8 of names and details.
        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], Csv.ContentType + "; charset=utf-8", "activity.csv");
    }
}
