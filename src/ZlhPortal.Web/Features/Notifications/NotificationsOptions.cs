using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Notifications;

/// <summary>Emails about servers and the webhooks customers add (section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Crashes (out-of-memory kills included) within <see cref="CrashLoopWindow"/> that make a crash loop.</summary>
    [Range(2, 100)]
    public int CrashLoopCrashes { get; set; } = 3;

    /// <summary>The window crashes are counted in; one crash-loop notice per server per window.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CrashLoopWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Failed attempts in a row after which a webhook is disabled and its owner emailed.</summary>
    [Range(1, 1000)]
    public int WebhookFailureLimit { get; set; } = 10;

    /// <summary>
    /// The waits before each retry of a failed delivery; a delivery is tried once more than there are entries. Empty means
    /// <see cref="DefaultRetryDelays"/> (configuration adds to an array it binds, so the defaults cannot live here).
    /// </summary>
    [MaxLength(20)]
    public TimeSpan[] WebhookRetryDelays { get; set; } = [];

    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public IReadOnlyList<TimeSpan> RetryDelays => WebhookRetryDelays.Length > 0 ? WebhookRetryDelays : DefaultRetryDelays;

    /// <summary>How long one webhook call may take, connecting included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 100)]
    public int MaxWebhooksPerAccount { get; set; } = 10;

    /// <summary>Lets webhooks call loopback addresses, over http too (tests and development only).</summary>
    public bool AllowLoopbackWebhooks { get; set; }

    /// <summary>
    /// Lets webhooks call private, link-local and other internal addresses. Off, the portal cannot be made to call the
    /// services beside it; the address is checked on creation and again on every connection (a name may change its address).
    /// </summary>
    public bool AllowPrivateWebhookAddresses { get; set; }
}
