namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>One notification (or test) for one webhook: the body is fixed when it is written, and retried until it is taken.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public int WebhookId { get; set; }

    public long? NotificationId { get; set; }

    public Notification? Notification { get; set; }

    /// <summary>The notification kind as webhooks spell it (<c>server-ready</c>), or <c>test</c>.</summary>
    public string Event { get; set; } = "";

    public string Body { get; set; } = "";

    public bool Test { get; set; }

    public WebhookDeliveryState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Set while an attempt runs, so two instances never send it at once; an attempt that died frees it after this.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
}
