namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>A line of a webhook's delivery log.</summary>
public sealed record WebhookAttemptRow(DateTimeOffset At, string Event, int Number, bool Succeeded, int? StatusCode, string? Error);
