namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>A webhook's kinds filter as stored: comma-separated notification names, empty for all.</summary>
public static class WebhookKinds
{
    public static string[] Split(string kinds) => kinds.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static bool Includes(string kinds, NotificationKind kind) => kinds.Length == 0 || Split(kinds).Contains(NotificationNames.Of(kind));
}
