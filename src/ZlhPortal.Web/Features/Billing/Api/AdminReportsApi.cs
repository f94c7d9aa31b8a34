using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Billing.Reports;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <summary>
/// The revenue and recurring-revenue reports: JSON (or CSV on <c>Accept: text/csv</c> or <c>?format=csv</c>) under
/// <c>/api/v1/admin/reports</c> for admin tokens, and the reports page's CSV downloads under <c>/admin/reports</c> for a signed-in admin.
/// </summary>
public static class AdminReportsApi
{
    public static IEndpointRouteBuilder MapAdminReportsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/admin/reports").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin);
        api.MapGet("/revenue", async Task<Results<Ok<RevenueByMonth>, FileContentHttpResult, ProblemHttpResult>> (
            string? from, string? to, string? format, HttpRequest request, RevenueReport reports, TimeProvider time, CancellationToken ct) =>
        {
            var (range, csv, error) = Read(from, to, format, request, time);
            if (range is null)
            {
                return Problem(error!);
            }

            var report = await reports.RevenueAsync(range, ct);
            return csv ? Download(ReportCsv.Revenue(report), ReportCsv.FileName("revenue", range)) : TypedResults.Ok(report);
        });
        api.MapGet("/mrr", async Task<Results<Ok<RecurringByMonth>, FileContentHttpResult, ProblemHttpResult>> (
            string? from, string? to, string? format, HttpRequest request, RevenueReport reports, TimeProvider time, CancellationToken ct) =>
        {
            var (range, csv, error) = Read(from, to, format, request, time);
            if (range is null)
            {
                return Problem(error!);
            }

            var report = await reports.RecurringAsync(range, ct);
            return csv ? Download(ReportCsv.Recurring(report), ReportCsv.FileName("mrr", range)) : TypedResults.Ok(report);
        });

        // The reports page's downloads: a plain link, so the signed-in cookie (not a token) is what authorizes them.
        var page = endpoints.MapGroup("/admin/reports").RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        page.MapGet("/revenue.csv", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            string? from, string? to, RevenueReport reports, TimeProvider time, CancellationToken ct) =>
        {
            var (range, error) = MonthRange.Parse(from, to, time.GetUtcNow());
            return range is null
                ? Problem(error!)
                : Download(ReportCsv.Revenue(await reports.RevenueAsync(range, ct)), ReportCsv.FileName("revenue", range));
        });
        page.MapGet("/mrr.csv", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            string? from, string? to, RevenueReport reports, TimeProvider time, CancellationToken ct) =>
        {
            var (range, error) = MonthRange.Parse(from, to, time.GetUtcNow());
            return range is null
                ? Problem(error!)
                : Download(ReportCsv.Recurring(await reports.RecurringAsync(range, ct)), ReportCsv.FileName("mrr", range));
        });
        return endpoints;
    }

    /// <summary>The range asked for and whether the caller wants CSV; or what is wrong with the request.</summary>
    private static (MonthRange? Range, bool Csv, string? Error) Read(string? from, string? to, string? format, HttpRequest request, TimeProvider time)
    {
        if (format is not (null or "" or "json" or "csv"))
        {
            return (null, false, "'format' must be json or csv (or send Accept: text/csv).");
        }

        var csv = format == "csv"
            || (format is null or "" && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(Csv.ContentType, StringComparison.OrdinalIgnoreCase)));
        var (range, error) = MonthRange.Parse(from, to, time.GetUtcNow());
        return (range, csv, error);
    }

    private static ProblemHttpResult Problem(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid report request", detail: detail);

    private static FileContentHttpResult Download(string csv, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), Csv.ContentType + "; charset=utf-8", fileName);
}
