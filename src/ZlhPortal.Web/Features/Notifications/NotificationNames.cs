using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Notifications;

/// <summary>How the API, webhooks and email keys spell a notification kind: <c>server-ready</c>, <c>crash-loop</c> ….</summary>
public static class NotificationNames
{
    public static string Of(NotificationKind kind) => ApiNames.Kebab(kind);

    public static bool TryParse(string text, out NotificationKind kind)
    {
        foreach (var candidate in Enum.GetValues<NotificationKind>())
        {
            if (string.Equals(Of(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
