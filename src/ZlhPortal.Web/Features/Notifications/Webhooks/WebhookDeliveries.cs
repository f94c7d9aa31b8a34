using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>
/// Sends webhook deliveries: claims one (so two instances never send it both), calls the webhook, logs the attempt, and
/// on a failure schedules the next try after <see cref="NotificationsOptions.RetryDelays"/>. A webhook that fails
/// <see cref="NotificationsOptions.WebhookFailureLimit"/> times in a row is turned off and its owner emailed, once.
/// A test is tried once and does not count towards the limit.
/// </summary>
public sealed class WebhookDeliveries(
    IDbContextFactory<AppDbContext> dbFactory, WebhookSender sender, NotificationEmails emails, IBackgroundJobClient jobs,
    IOptions<NotificationsOptions> options, TimeProvider time, ILogger<WebhookDeliveries> logger)
{
    /// <summary>Tries the delivery if it is due and free; null when it was not (sent, dropped, not due, or in another's hands).</summary>
    public async Task<WebhookCallResult?> SendAsync(long deliveryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var claimedUntil = now + options.Value.WebhookTimeout * 2;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.ClaimedUntil, claimedUntil), ct);
        if (claimed == 0)
        {
            return null;
        }

        var delivery = await db.WebhookDeliveries.FirstAsync(d => d.Id == deliveryId, ct);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == delivery.WebhookId, ct);
        if (webhook is null || (!webhook.Enabled && !delivery.Test))
        {
            delivery.State = WebhookDeliveryState.Dropped;
            delivery.ClaimedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            return null;
        }

        var result = await sender.SendAsync(webhook, delivery, ct);
        var at = time.GetUtcNow();
        delivery.Attempts++;
        delivery.ClaimedUntil = null;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id, WebhookId = webhook.Id, At = at, Number = delivery.Attempts, StatusCode = result.StatusCode, Succeeded = result.Succeeded,
            Error = result.Error is { Length: > WebhookAttempt.ErrorMaxLength } e ? e[..WebhookAttempt.ErrorMaxLength] : result.Error,
        });
        var delays = options.Value.RetryDelays;
        TimeSpan? retryIn = null;
        if (result.Succeeded)
        {
            delivery.State = WebhookDeliveryState.Delivered;
        }
        else if (delivery.Test || delivery.Attempts > delays.Count)
        {
            delivery.State = WebhookDeliveryState.Failed;
        }
        else
        {
            retryIn = delays[delivery.Attempts - 1];
            delivery.NextAttemptAt = at + retryIn.Value;
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (!delivery.Test)
        {
            await CountAsync(webhook, result.Succeeded, CancellationToken.None);
        }

        if (retryIn is { } delay)
        {
            jobs.Schedule<SendWebhookJob>(job => job.RunAsync(deliveryId, CancellationToken.None), delay);
        }

        return result;
    }

    /// <summary>Sends every delivery that is due (those whose scheduled job was lost with a crashed instance, too).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries.Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(200).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            if (await SendAsync(id, ct) is not null)
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task CountAsync(Webhook webhook, bool succeeded, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (succeeded)
        {
            await db.Webhooks.Where(w => w.Id == webhook.Id).ExecuteUpdateAsync(w => w.SetProperty(x => x.ConsecutiveFailures, 0), ct);
            return;
        }

        await db.Webhooks.Where(w => w.Id == webhook.Id).ExecuteUpdateAsync(w => w.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1), ct);
        var limit = options.Value.WebhookFailureLimit;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only the call that turns it off (Enabled still true) writes the email: it is sent once.
        if (await db.Webhooks.Where(w => w.Id == webhook.Id && w.Enabled && w.ConsecutiveFailures >= limit)
                .ExecuteUpdateAsync(w => w.SetProperty(x => x.Enabled, false).SetProperty(x => x.DisabledAt, now), ct) == 0)
        {
            return;
        }

        await db.WebhookDeliveries.Where(d => d.WebhookId == webhook.Id && d.State == WebhookDeliveryState.Pending)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.State, WebhookDeliveryState.Dropped), ct);
        var email = await db.Users.Where(u => u.Id == webhook.OwnerId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (email is not null)
        {
            await emails.QueueWebhookDisabledAsync(db, email, webhook.Id, webhook.Url, limit, now, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Webhook {WebhookId} turned off after {Failures} failed calls in a row", webhook.Id, limit);
        jobs.Enqueue<EmailOutboxJob>(job => job.RunAsync(CancellationToken.None));
    }
}
