namespace ZlhPortal.Web.Features.Notifications;

/// <summary>
/// Something a customer was told about, taken from one line of the server's history: unique per line and kind, so the
/// email and the webhook deliveries it causes are written once, with it, however often the line is read.
/// </summary>
public sealed class Notification
{
    public const int ServerNameMaxLength = 100;

    public const int TextMaxLength = 500;

    public long Id { get; set; }

    public long HistoryEntryId { get; set; }

    public int ServerId { get; set; }

    /// <summary>The server's owner when it happened.</summary>
    public string OwnerId { get; set; } = "";

    public NotificationKind Kind { get; set; }

    public DateTimeOffset At { get; set; }

    public string ServerName { get; set; } = "";

    /// <summary>The history line, as the customer reads it there.</summary>
    public string Text { get; set; } = "";
}
