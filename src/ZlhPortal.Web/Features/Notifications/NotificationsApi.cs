using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Notifications.Webhooks;
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
        account.MapGet("/webhooks", async Task<Ok<IReadOnlyList<WebhookResponse>>> (ClaimsPrincipal user, AccountWebhooks webhooks, CancellationToken ct) =>
            TypedResults.Ok(await webhooks.ListAsync(user.UserId()!, ct)));
        account.MapPost("/webhooks", async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> (
            WebhookRequest? body, ClaimsPrincipal user, AccountWebhooks webhooks, CancellationToken ct) =>
        {
            var result = await webhooks.CreateAsync(user.UserId()!, body ?? new WebhookRequest(null, null, null, null), ct);
            return result.Webhook is { } created
                ? TypedResults.Created($"{ApiSetup.Prefix}/account/webhooks/{created.Id}", created)
                : TypedResults.Problem(statusCode: 400, title: "Webhook refused", detail: result.Refusal);
        });
        account.MapDelete("/webhooks/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, ClaimsPrincipal user, AccountWebhooks webhooks, CancellationToken ct) =>
            await webhooks.DeleteAsync(user.UserId()!, id, ct) ? TypedResults.NoContent() : NotFound(id));
        account.MapPost("/webhooks/{id:int}/test", async Task<Results<Ok<WebhookCallResult>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, AccountWebhooks webhooks, CancellationToken ct) =>
            await webhooks.TestAsync(user.UserId()!, id, ct) is { } result ? TypedResults.Ok(result) : NotFound(id));
        return endpoints;
    }

    private static ProblemHttpResult NotFound(int id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"You have no webhook {id}.");
}
