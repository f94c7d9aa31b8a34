namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>A webhook added (its secret shown this once), or why not.</summary>
public sealed record WebhookCreateResult(WebhookResponse? Webhook, string? Refusal)
{
    public static WebhookCreateResult Refused(string reason) => new(null, reason);
}
