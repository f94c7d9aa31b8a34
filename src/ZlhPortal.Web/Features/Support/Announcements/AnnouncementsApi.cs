using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Support.Announcements;

/// <summary><c>GET /api/v1/announcements</c>: what the caller's banner shows now.</summary>
public static class AnnouncementsApi
{
    public static IEndpointRouteBuilder MapAnnouncementsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/announcements").WithTags("Support").RequireAuthorization(Policies.ApiCustomer)
            .MapGet("/", async Task<Ok<IReadOnlyList<AnnouncementResponse>>> (ClaimsPrincipal user, AnnouncementBoard board, CancellationToken ct) =>
                TypedResults.Ok<IReadOnlyList<AnnouncementResponse>>((await board.CurrentForAsync(user.UserId()!, ct)).Select(AnnouncementResponse.From).ToList()));
        return endpoints;
    }
}
