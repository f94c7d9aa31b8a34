using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Notifications;

/// <summary>
/// The emails notifications send, queued through the outbox in the caller's unit of work: the key names the history line
/// and kind, so a line read twice is mailed once.
/// </summary>
public sealed class NotificationEmails(IOptions<PortalOptions> portal, TimeProvider time)
{
    private string Product => portal.Value.Name;

    private string Link(string path) => portal.Value.PublicUrl.TrimEnd('/') + path;

    public static string Key(Notification n) => $"notify:{n.HistoryEntryId.ToString(CultureInfo.InvariantCulture)}:{NotificationNames.Of(n.Kind)}";

    public Task<bool> QueueAsync(AppDbContext db, string to, Notification n, CancellationToken ct)
    {
        var (subject, text) = n.Kind switch
        {
            NotificationKind.ServerReady => ($"{n.ServerName} is ready", $"{n.ServerName} is set up and running. Have fun!"),
            NotificationKind.CrashLoop => ($"{n.ServerName} keeps crashing", $"{n.ServerName} crashed several times in a short while and is restarted each time. The latest: {n.Text} The console shows what the game wrote before it stopped."),
            NotificationKind.OutOfMemory => ($"{n.ServerName} ran out of memory", $"{n.Text} Fewer mods or players, or a bigger plan, help."),
            NotificationKind.BackupFailed => ($"A backup of {n.ServerName} failed", n.Text),
            NotificationKind.Suspended => ($"{n.ServerName} is suspended", $"{n.ServerName} was stopped and cannot be started until the suspension is lifted. {n.Text}"),
            NotificationKind.Unsuspended => ($"{n.ServerName} is no longer suspended", $"{n.Text}"),
            _ => ($"News about {n.ServerName}", n.Text),
        };
        return EmailOutbox.QueueAsync(db, Key(n), Compose(to, subject, text, Link($"/servers/{n.ServerId.ToString(CultureInfo.InvariantCulture)}")), time.GetUtcNow(), ct);
    }

    public Task<bool> QueueWebhookDisabledAsync(AppDbContext db, string to, int webhookId, string url, int failures, DateTimeOffset disabledAt, CancellationToken ct) =>
        EmailOutbox.QueueAsync(db, $"webhook-disabled:{webhookId.ToString(CultureInfo.InvariantCulture)}:{disabledAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}",
            Compose(to, $"Your {Product} webhook was turned off", $"Your webhook to {url} failed {failures} times in a row, so we stopped calling it. " +
                "Check the address and what it answers (the delivery log shows each attempt), then add it again.", Link(NotificationsPage.Path)),
            time.GetUtcNow(), ct);

    private EmailMessage Compose(string to, string subject, string text, string link)
    {
        var preferences = Link(NotificationsPage.Path);
        return new(to, subject, $"{text}\n\n{link}\n\nChoose which emails you get: {preferences}",
            $"<p>{HtmlEncoder.Default.Encode(text)}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>" +
            $"<p><small><a href=\"{HtmlEncoder.Default.Encode(preferences)}\">Choose which emails you get</a></small></p>");
    }
}
