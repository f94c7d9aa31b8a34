using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>The API's side of <see cref="ServerAccess"/>: the grant, or the problem to answer with.</summary>
public static class ServerAccessResults
{
    public static async Task<(ServerGrant? Grant, ProblemHttpResult? Problem)> RequireAsync(
        this ServerAccess access, int serverId, ClaimsPrincipal user, ServerPermissions permission, CancellationToken ct)
    {
        var grant = await access.FindAsync(serverId, user.UserId(), ct);
        if (grant is null)
        {
            return (null, ServersApi.NotFound(serverId));
        }

        return grant.Allows(permission)
            ? (grant, null)
            : (null, TypedResults.Problem(statusCode: 403, title: "Not allowed on this server",
                detail: $"The server's owner did not give you the \"{ShareNames.Of(permission)}\" permission on it."));
    }

    /// <summary>
    /// For what stays with the owner, who pays for the server (reinstall, delete, sharing): 404 without access, 403 for
    /// someone it is only shared with ("Only the server's owner can <paramref name="what"/>."), null for the owner.
    /// </summary>
    public static async Task<ProblemHttpResult?> RequireOwnerAsync(this ServerAccess access, int serverId, ClaimsPrincipal user, string what, CancellationToken ct) =>
        await access.FindAsync(serverId, user.UserId(), ct) switch
        {
            null => ServersApi.NotFound(serverId),
            { IsOwner: false } => TypedResults.Problem(statusCode: 403, title: "Not allowed on this server", detail: $"Only the server's owner can {what}."),
            _ => null,
        };
}
