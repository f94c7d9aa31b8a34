namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>An address a customer wants told of their servers' notifications, for one server or all of them.</summary>
public sealed class Webhook
{
    public const int UrlMaxLength = 500;

    public int Id { get; set; }

    public string OwnerId { get; set; } = "";

    /// <summary>Only this server's notifications; null for every server of the owner.</summary>
    public int? ServerId { get; set; }

    public string Url { get; set; } = "";

    public WebhookFormat Format { get; set; }

    /// <summary>Notification kinds to send, comma-separated (<c>server-ready,crash-loop</c>); empty for all.</summary>
    public string Kinds { get; set; } = "";

    /// <summary>The HMAC key of the generic format; kept to sign with, shown to the customer once.</summary>
    public string? Secret { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Failed calls since the last that succeeded; at the limit the webhook is turned off.</summary>
    public int ConsecutiveFailures { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }
}
