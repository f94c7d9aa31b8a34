using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Consoles.Proxy;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Consoles;

/// <summary><c>GET /api/v1/servers/{id}/console</c>: a console ticket for an API token's own server (support adds <c>?reason=</c>).</summary>
public static class ConsoleApi
{
    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder endpoints)
    {
        var servers = endpoints.MapApiGroup("/servers").WithTags("Consoles").RequireAuthorization(Policies.ApiCustomer);

        servers.MapGet("/{id:int}/console", async Task<Results<Ok<ConsoleSocketResponse>, ProblemHttpResult>> (
            int id, string? reason, bool? readOnly, ClaimsPrincipal user, HttpRequest request, ConsoleAccess access, CancellationToken ct) =>
        {
            var result = await access.IssueAsync(user, id, reason, readOnly ?? false, ct);
            if (result.Ticket is not { } ticket)
            {
                return result.Refusal switch
                {
                    ConsoleRefusal.ReasonRequired => TypedResults.Problem(statusCode: 400, title: "Reason required", detail: result.Message),
                    ConsoleRefusal.Suspended or ConsoleRefusal.NotRunning => TypedResults.Problem(statusCode: 409, title: "Console unavailable", detail: result.Message),
                    ConsoleRefusal.NotPermitted => TypedResults.Problem(statusCode: 403, title: "Not allowed on this server", detail: "The server's owner did not give you the \"console\" permission on it."),
                    _ => TypedResults.Problem(statusCode: 404, title: "Server not found", detail: $"You have no server with id {id}."),
                };
            }

            var scheme = request.IsHttps ? "wss" : "ws";
            return TypedResults.Ok(new ConsoleSocketResponse($"{scheme}://{request.Host}/servers/{id}/console?ticket={ticket.Token}", ticket.ExpiresAt));
        });

        return endpoints;
    }
}
