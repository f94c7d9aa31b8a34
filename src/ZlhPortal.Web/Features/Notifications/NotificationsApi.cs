using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Notifications;

/// <summary><c>/api/v1/account/notifications</c> (email preferences) and <c>/api/v1/account/webhooks</c>.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapApiGroup("/account").WithTags("Account").RequireAuthorization(Policies.ApiCustomer);
        account.MapGet("/notifications", async Task<Ok<NotificationChoices>> (ClaimsPrincipal user, NotificationSettings settings, CancellationToken ct) =>
            TypedResults.Ok(await settings.GetAsync(user.UserId()!, ct)));
        account.MapPut("/notifications", async Task<Results<Ok<NotificationChoices>, ProblemHttpResult>> (
            NotificationChoicesUpdate? body, ClaimsPrincipal user, NotificationSettings settings, CancellationToken ct) =>
        {
            if (body is null)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid preferences", detail: "Send a JSON object such as {\"serverReady\":false}.");
            }

            var userId = user.UserId()!;
            return TypedResults.Ok(await settings.SaveAsync(userId, body.ApplyTo(await settings.GetAsync(userId, ct)), ct));
        });
        return endpoints;
    }
}
