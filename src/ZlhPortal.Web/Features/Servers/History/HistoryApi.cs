using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers.History;

/// <summary><c>GET /api/v1/servers/{id}/history?kind=&amp;before=</c>: the server's timeline, newest first, 50 lines a page.</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/servers/{id:int}/history").WithTags("Servers").RequireAuthorization(Policies.ApiCustomer)
            .RequireServerPermission(ServerPermissions.None)
            .MapGet("/", async Task<Results<Ok<IEnumerable<HistoryEntryResponse>>, ProblemHttpResult>> (
                int id, string? kind, DateTimeOffset? before, HttpContext http, ServerHistory history, CancellationToken ct) =>
            {
                HistoryKind? filter = null;
                if (!string.IsNullOrWhiteSpace(kind))
                {
                    if (!TryParseKind(kind, out var parsed))
                    {
                        return TypedResults.Problem(statusCode: 400, title: "Invalid kind",
                            detail: $"\"kind\" must be one of {string.Join(", ", Enum.GetValues<HistoryKind>().Select(HistoryEntryResponse.KindName))}.");
                    }

                    filter = parsed;
                }

                return await history.ListAsync(id, http.Grant().OwnerId, filter, before, ct: ct) is { } entries
                    ? TypedResults.Ok(entries.Select(HistoryEntryResponse.From))
                    : ServersApi.NotFound(id);
            });
        return endpoints;
    }

    private static bool TryParseKind(string text, out HistoryKind kind)
    {
        foreach (var candidate in Enum.GetValues<HistoryKind>())
        {
            if (string.Equals(HistoryEntryResponse.KindName(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
