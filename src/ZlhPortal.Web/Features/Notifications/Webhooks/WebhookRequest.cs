namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>The body of <c>POST /api/v1/account/webhooks</c>.</summary>
public sealed record WebhookRequest(string? Url, string? Format, int? ServerId, string[]? Kinds);
