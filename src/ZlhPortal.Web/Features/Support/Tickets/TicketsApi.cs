using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>
/// <c>/api/v1/tickets</c> (a customer's own tickets; staff tokens read and answer any) and the staff queue
/// <c>/api/v1/admin/tickets</c>. Tickets and replies take JSON, or multipart form fields with files attached. The ticket
/// pages download attachments through <c>/support/tickets/{id}/attachments/{attachmentId}</c> with their cookie.
/// </summary>
public static class TicketsApi
{
    public static string AttachmentUrl(int ticketId, long attachmentId) =>
        $"{ApiSetup.Prefix}/tickets/{ticketId.ToString(CultureInfo.InvariantCulture)}/attachments/{attachmentId.ToString(CultureInfo.InvariantCulture)}";

    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder endpoints)
    {
        var tickets = endpoints.MapApiGroup("/tickets").WithTags("Support").RequireAuthorization(Policies.ApiCustomer);
        tickets.MapGet("/", async Task<Ok<IReadOnlyList<TicketResponse>>> (ClaimsPrincipal user, TicketDesk desk, CancellationToken ct) =>
            TypedResults.Ok<IReadOnlyList<TicketResponse>>((await desk.ListForCustomerAsync(user.UserId()!, ct)).Select(t => TicketResponse.From(t)).ToList()));
        tickets.MapPost("/", async Task<Results<Created<TicketResponse>, ProblemHttpResult>> (HttpRequest request, ClaimsPrincipal user, TicketDesk desk, CancellationToken ct) =>
        {
            var (fields, files, problem) = await ReadAsync(request, ["subject", "body", "serverId"], ct);
            if (problem is not null)
            {
                return problem;
            }

            int? serverId = null;
            if (fields.GetValueOrDefault("serverId") is { Length: > 0 } serverText)
            {
                if (!int.TryParse(serverText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Invalid("\"serverId\" must be the number of one of your servers.");
                }

                serverId = parsed;
            }

            var viewer = TicketViewer.Of(user)!;
            var result = await desk.OpenAsync(viewer.UserId, fields.GetValueOrDefault("subject"), fields.GetValueOrDefault("body"), serverId, files, ct);
            if (!result.Succeeded)
            {
                return ToProblem(result);
            }

            var view = (await desk.FindAsync(result.TicketId!.Value, viewer, ct))!;
            return TypedResults.Created($"{ApiSetup.Prefix}/tickets/{view.Ticket.Id}", TicketResponse.From(view));
        });
        tickets.MapGet("/{id:int}", async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> (int id, ClaimsPrincipal user, TicketDesk desk, CancellationToken ct) =>
            await desk.FindAsync(id, TicketViewer.Of(user)!, ct) is { } view ? TypedResults.Ok(TicketResponse.From(view)) : ToProblem(TicketResult.NotFound(id)));
        tickets.MapPost("/{id:int}/replies", async Task<Results<Created<TicketResponse>, ProblemHttpResult>> (
            int id, HttpRequest request, ClaimsPrincipal user, TicketDesk desk, CancellationToken ct) =>
        {
            var (fields, files, problem) = await ReadAsync(request, ["body", "internal"], ct);
            if (problem is not null)
            {
                return problem;
            }

            var viewer = TicketViewer.Of(user)!;
            var internalNote = string.Equals(fields.GetValueOrDefault("internal"), "true", StringComparison.OrdinalIgnoreCase);
            var result = await desk.ReplyAsync(id, viewer, fields.GetValueOrDefault("body"), internalNote, files, ct);
            return result.Succeeded && await desk.FindAsync(id, viewer, ct) is { } view
                ? TypedResults.Created($"{ApiSetup.Prefix}/tickets/{id}", TicketResponse.From(view))
                : ToProblem(result);
        });
        tickets.MapPost("/{id:int}/close", async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> (int id, ClaimsPrincipal user, TicketDesk desk, CancellationToken ct) =>
        {
            var viewer = TicketViewer.Of(user)!;
            var result = await desk.SetStatusAsync(id, viewer, TicketStatus.Closed, ct);
            return result.Succeeded && await desk.FindAsync(id, viewer, ct) is { } view ? TypedResults.Ok(TicketResponse.From(view)) : ToProblem(result);
        });
        tickets.MapGet("/{id:int}/attachments/{attachmentId:long}", (int id, long attachmentId, ClaimsPrincipal user, TicketDesk desk, HttpContext context, CancellationToken ct) =>
            DownloadAsync(id, attachmentId, user, desk, context, ct));

        var queue = endpoints.MapApiGroup("/admin/tickets").WithTags("Admin").RequireAuthorization(Policies.ApiSupport);
        queue.MapGet("/", async Task<Results<Ok<TicketQueueResponse>, ProblemHttpResult>> (
            string? status, string? assignee, string? search, int? page, int? pageSize, ClaimsPrincipal user, TicketDesk desk, CancellationToken ct) =>
        {
            TicketStatus? wanted = null;
            if (!string.IsNullOrEmpty(status))
            {
                wanted = TicketStatusNames.Parse(status);
                if (wanted is null)
                {
                    return Invalid("\"status\" must be open, waiting-on-customer or closed (or left out for every status).");
                }
            }

            TicketAssignee who;
            if (string.IsNullOrEmpty(assignee))
            {
                who = TicketAssignee.Anyone;
            }
            else if (!Enum.TryParse(assignee, ignoreCase: true, out who) || !Enum.IsDefined(who))
            {
                return Invalid("\"assignee\" must be anyone, me or unassigned.");
            }

            if (page < 0 || pageSize is < 1 or > TicketDesk.MaxPageSize)
            {
                return Invalid($"\"page\" starts at 0 and \"pageSize\" is 1 to {TicketDesk.MaxPageSize}.");
            }

            var (rows, total) = await desk.QueueAsync(user.UserId()!, new TicketQueueFilter(wanted, who, search), page ?? 0, pageSize ?? 25, ct);
            return TypedResults.Ok(new TicketQueueResponse(rows.Select(t => TicketResponse.From(t)).ToList(), total, page ?? 0, pageSize ?? 25));
        });
        return endpoints;
    }

    /// <summary>The ticket pages' way to a file: the signed-in person's cookie.</summary>
    public static IEndpointRouteBuilder MapTicketAttachments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/support/tickets/{id:int}/attachments/{attachmentId:long}",
            (int id, long attachmentId, ClaimsPrincipal user, TicketDesk desk, HttpContext context, CancellationToken ct) =>
                DownloadAsync(id, attachmentId, user, desk, context, ct)).RequireAuthorization(Policies.Customer);
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        int id, long attachmentId, ClaimsPrincipal user, TicketDesk desk, HttpContext context, CancellationToken ct)
    {
        if (await desk.FindAttachmentAsync(id, attachmentId, TicketViewer.Of(user)!, ct) is not { } file)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such attachment on a ticket of yours.");
        }

        // A file a customer uploaded is never shown inline: the browser saves it, and does not guess its type.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>The named fields and files of a JSON or multipart request.</summary>
    private static async Task<(Dictionary<string, string?> Fields, IReadOnlyList<AttachmentUpload> Files, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, string[] names, CancellationToken ct)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var name in names)
            {
                fields[name] = form[name].FirstOrDefault();
            }

            return (fields, form.Files.Select(f => new AttachmentUpload(f.FileName, f.ContentType, f.Length, f.OpenReadStream)).ToList(), null);
        }

        if (!request.HasJsonContentType())
        {
            return (fields, [], Invalid("Send a JSON object (Content-Type: application/json), or multipart/form-data to attach files."));
        }

        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (fields, [], Invalid("Send a JSON object such as {\"body\":\"…\"}."));
            }

            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (names.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    fields[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }
            }

            return (fields, [], null);
        }
        catch (JsonException)
        {
            return (fields, [], Invalid("The body is not valid JSON."));
        }
    }

    private static ProblemHttpResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: detail);

    private static ProblemHttpResult ToProblem(TicketResult result) => result.Outcome == TicketOutcome.NotFound
        ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: result.Message)
        : TypedResults.Problem(statusCode: 400, title: "Ticket refused", detail: result.Message);
}
