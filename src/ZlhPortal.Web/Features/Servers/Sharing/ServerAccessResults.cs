using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;

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
            return (null, TypedResults.Problem(statusCode: 404, title: "Server not found", detail: $"You have no server with id {serverId}."));
        }

        return grant.Allows(permission)
            ? (grant, null)
            : (null, TypedResults.Problem(statusCode: 403, title: "Not allowed on this server",
                detail: $"The server's owner did not give you the \"{ShareNames.Of(permission)}\" permission on it."));
    }
}
