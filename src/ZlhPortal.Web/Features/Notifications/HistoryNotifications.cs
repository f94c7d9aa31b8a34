using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Notifications.Webhooks;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Notifications;

/// <summary>
/// Reads each saved history line for what its owner wants to hear about, and writes the notification with its email in
/// one save, with the deliveries to the owner's webhooks: unique per line and kind, so a line read twice (a retried job, a second instance) is mailed once. Sending is
/// left to jobs, so the writer of the line is not held up by a mail server.
/// </summary>
public sealed class HistoryNotifications(
    IDbContextFactory<AppDbContext> dbFactory, NotificationEmails emails, IBackgroundJobClient jobs, IOptions<NotificationsOptions> options,
    IOptions<PortalOptions> portal, TimeProvider time, ILogger<HistoryNotifications> logger) : IHistoryObserver
{
    public async Task SavedAsync(SavedHistoryEntry entry, CancellationToken ct)
    {
        if (Classify(entry) is not { } kind)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (kind == NotificationKind.CrashLoop && !await IsNewCrashLoopAsync(db, entry, ct))
        {
            return;
        }

        var server = await db.Servers.Where(s => s.Id == entry.ServerId).Select(s => new { s.Name }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return;
        }

        var notification = new Notification
        {
            HistoryEntryId = entry.Id, ServerId = entry.ServerId, OwnerId = entry.OwnerId, Kind = kind, At = entry.At,
            ServerName = Truncate(server.Name, Notification.ServerNameMaxLength), Text = Truncate(entry.Text, Notification.TextMaxLength),
        };
        db.Notifications.Add(notification);
        var email = await db.Users.Where(u => u.Id == entry.OwnerId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        var mailed = email is not null && Emailed(kind, entry) && (await NotificationSettings.ForAsync(db, entry.OwnerId, ct)).Wants(kind)
            && await emails.QueueAsync(db, email, notification, ct);
        var deliveries = await AccountWebhooks.AddDeliveriesAsync(db, notification, portal.Value.Name, time.GetUtcNow(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            logger.LogInformation("History entry {EntryId} was already notified as {Kind}", entry.Id, kind);
            return;
        }

        if (mailed)
        {
            jobs.Enqueue<EmailOutboxJob>(job => job.RunAsync(CancellationToken.None));
        }

        foreach (var delivery in deliveries)
        {
            var id = delivery.Id;
            jobs.Enqueue<SendWebhookJob>(job => job.RunAsync(id, CancellationToken.None));
        }
    }

    /// <summary>What a history line is worth telling, if anything (a crash only in a loop, checked against the history).</summary>
    public static NotificationKind? Classify(SavedHistoryEntry entry) => entry.Kind switch
    {
        HistoryKind.Setup when entry.Text == HistoryTexts.SetUp => NotificationKind.ServerReady,
        HistoryKind.OutOfMemory => NotificationKind.OutOfMemory,
        HistoryKind.Crash => NotificationKind.CrashLoop,
        HistoryKind.Backup when HistoryTexts.IsBackupFailed(entry.Text) => NotificationKind.BackupFailed,
        // Billing's and staff's requests; the platform's lines about them (done, re-applied by the reconciler) are not news.
        HistoryKind.Suspension when entry.Actor != HistoryActors.Platform && entry.Text.StartsWith(HistoryTexts.SuspendedPrefix, StringComparison.Ordinal) => NotificationKind.Suspended,
        HistoryKind.Suspension when entry.Actor != HistoryActors.Platform && entry.Text.StartsWith(HistoryTexts.LiftedPrefix, StringComparison.Ordinal) => NotificationKind.Unsuspended,
        _ => null,
    };

    /// <summary>Billing mails its own suspension notice, naming the unpaid invoice; a second email would say less.</summary>
    private static bool Emailed(NotificationKind kind, SavedHistoryEntry entry) =>
        !(kind == NotificationKind.Suspended && entry.Actor == HistoryActors.Billing);

    /// <summary>Enough crashes in the window, and no crash-loop notice for the server in it yet (one per loop, not one per crash).</summary>
    private async Task<bool> IsNewCrashLoopAsync(AppDbContext db, SavedHistoryEntry entry, CancellationToken ct)
    {
        var since = entry.At - options.Value.CrashLoopWindow;
        var crashes = await db.ServerHistory.CountAsync(e => e.ServerId == entry.ServerId && e.At > since && e.At <= entry.At
            && (e.Kind == HistoryKind.Crash || e.Kind == HistoryKind.OutOfMemory), ct);
        return crashes >= options.Value.CrashLoopCrashes
            && !await db.Notifications.AnyAsync(n => n.ServerId == entry.ServerId && n.Kind == NotificationKind.CrashLoop && n.At > since, ct);
    }

    private static string Truncate(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
