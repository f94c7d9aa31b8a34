using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// <c>/api/v1/servers/{id}/shares</c>: the owner shares a server by email with some permissions, and takes it back.
/// Someone it is shared with sees none of this (403) but may leave (<c>DELETE …/shares/me</c>).
/// </summary>
public static class SharesApi
{
    public static IEndpointRouteBuilder MapSharesApi(this IEndpointRouteBuilder endpoints)
    {
        var shares = endpoints.MapApiGroup("/servers/{id:int}/shares").WithTags("Sharing").RequireAuthorization(Policies.ApiCustomer);

        shares.MapGet("/", async Task<Results<Ok<List<ShareResponse>>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerShares service, CancellationToken ct) =>
        {
            if (await access.RequireOwnerAsync(id, user, "decide who it is shared with", ct) is { } refused)
            {
                return refused;
            }

            return await service.ListAsync(id, user.UserId()!, ct) is { } list ? TypedResults.Ok(list.Select(ShareResponse.From).ToList()) : ServersApi.NotFound(id);
        });

        shares.MapPost("/", async Task<Results<Created<ShareResponse>, ProblemHttpResult>> (
            int id, ShareRequest? request, ClaimsPrincipal user, ServerAccess access, ServerShares service, CancellationToken ct) =>
        {
            if (await access.RequireOwnerAsync(id, user, "decide who it is shared with", ct) is { } refused)
            {
                return refused;
            }

            if (Parse(request) is { Problem: { } invalid })
            {
                return invalid;
            }

            var (permissions, _) = ShareNames.Parse(request!.Permissions);
            var result = await service.InviteAsync(id, user.UserId()!, request.Email, permissions, request.ReadOnlyConsole ?? false, ct);
            return result.Accepted && (await service.ListAsync(id, user.UserId()!, ct))?.FirstOrDefault(s => s.Id == result.ShareId) is { } share
                ? TypedResults.Created($"/api/v1/servers/{id}/shares/{share.Id}", ShareResponse.From(share))
                : ServersApi.Problem(result.Request);
        });

        shares.MapPut("/{shareId:int}", async Task<Results<Ok<ShareResponse>, ProblemHttpResult>> (
            int id, int shareId, ShareRequest? request, ClaimsPrincipal user, ServerAccess access, ServerShares service, CancellationToken ct) =>
        {
            if (await access.RequireOwnerAsync(id, user, "decide who it is shared with", ct) is { } refused)
            {
                return refused;
            }

            if (Parse(request) is { Problem: { } invalid })
            {
                return invalid;
            }

            var (permissions, _) = ShareNames.Parse(request!.Permissions);
            var result = await service.UpdateAsync(id, shareId, user.UserId()!, permissions, request.ReadOnlyConsole ?? false, ct);
            return result.Accepted && (await service.ListAsync(id, user.UserId()!, ct))?.FirstOrDefault(s => s.Id == shareId) is { } share
                ? TypedResults.Ok(ShareResponse.From(share))
                : ServersApi.Problem(result.Request);
        });

        shares.MapDelete("/{shareId:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int id, int shareId, ClaimsPrincipal user, ServerAccess access, ServerShares service, CancellationToken ct) =>
        {
            if (await access.RequireOwnerAsync(id, user, "decide who it is shared with", ct) is { } refused)
            {
                return refused;
            }

            var result = await service.RemoveAsync(id, shareId, user.UserId()!, ct);
            return result.Accepted ? TypedResults.NoContent() : ServersApi.Problem(result);
        });

        shares.MapDelete("/me", async Task<Results<NoContent, ProblemHttpResult>> (int id, ClaimsPrincipal user, ServerShares service, CancellationToken ct) =>
        {
            var result = await service.LeaveAsync(id, user.UserId() ?? "", ct);
            return result.Accepted ? TypedResults.NoContent() : ServersApi.Problem(result);
        });

        // The invitation link's token, for those who script it: the same as the page's "Accept" button.
        endpoints.MapApiGroup("/shares").WithTags("Sharing").RequireAuthorization(Policies.ApiCustomer)
            .MapPost("/accept", async Task<Results<Ok<AcceptedShareResponse>, ProblemHttpResult>> (
                AcceptShareRequest? request, ClaimsPrincipal user, ServerShares service, CancellationToken ct) =>
            {
                var (outcome, invitation) = await service.AcceptAsync(request?.Token, user.UserId() ?? "", ct);
                return outcome switch
                {
                    InvitationOutcome.Accepted => TypedResults.Ok(new AcceptedShareResponse(invitation!.ServerId, invitation.ServerName,
                        ShareNames.List(invitation.Permissions), invitation.ReadOnlyConsole)),
                    InvitationOutcome.WrongAccount => TypedResults.Problem(statusCode: 403, title: "Invitation for someone else",
                        detail: $"This invitation is for {invitation!.InvitedEmail}; accept it signed in with that address."),
                    InvitationOutcome.Owner => TypedResults.Problem(statusCode: 409, title: "Your own server", detail: "This server is yours already."),
                    _ => TypedResults.Problem(statusCode: 404, title: "Invitation not found",
                        detail: "This invitation link no longer works: it was used already, withdrawn, or it expired. Ask the owner to invite you again."),
                };
            });

        return endpoints;
    }

    private static (ServerPermissions Permissions, ProblemHttpResult? Problem) Parse(ShareRequest? request)
    {
        if (request is null)
        {
            return (default, TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "Send {\"email\", \"permissions\": [...]}."));
        }

        var (permissions, unknown) = ShareNames.Parse(request.Permissions);
        return unknown is null
            ? (permissions, null)
            : (default, TypedResults.Problem(statusCode: 400, title: "Invalid permission",
                detail: $"\"{unknown}\" is not a permission; use any of {string.Join(", ", ShareNames.Each.Select(ShareNames.Of))}."));
    }
}
