namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>How one call of a webhook went: the status code it answered, or why there was none.</summary>
public sealed record WebhookCallResult(bool Succeeded, int? StatusCode, string? Error);
