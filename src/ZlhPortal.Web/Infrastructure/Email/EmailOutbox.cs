using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary>
/// Mail that must neither be lost nor sent twice (billing's). A message is written to the database under a key naming
/// what it is about, with the change that causes it, and delivered afterwards; while the mail server is down it waits
/// and is retried with back-off, and whatever caused it (a suspension, a refund) has already happened. Queuing a key
/// again adds nothing, so a rerun does not re-send. Delivery claims a message before sending, so two instances never
/// send it both; only a crash between the mail server's acceptance and the record of it can send it twice.
/// </summary>
public sealed class EmailOutbox(IDbContextFactory<AppDbContext> dbFactory, IEmailTransport transport, TimeProvider time, ILogger<EmailOutbox> logger)
{
    public const int MaxKeyLength = 200;

    /// <summary>How long a delivery attempt holds its message before another pass may try it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const int BatchSize = 50;

    /// <summary>
    /// Adds the message to the caller's context, to be saved with the caller's change; false (and nothing added) when a
    /// message with this key was queued before.
    /// </summary>
    public static async Task<bool> QueueAsync(AppDbContext db, string key, EmailMessage message, DateTimeOffset now, CancellationToken ct)
    {
        key = key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;
        if (db.OutboxEmails.Local.Any(m => m.Key == key) || await db.OutboxEmails.AnyAsync(m => m.Key == key, ct))
        {
            return false;
        }

        db.OutboxEmails.Add(new OutboxEmail
        {
            Key = key, To = message.To, Subject = message.Subject, TextBody = message.TextBody, HtmlBody = message.HtmlBody, CreatedAt = now, NextAttemptAt = now,
        });
        return true;
    }

    /// <summary>Queues one message on its own and tries to deliver it at once; a failed attempt leaves it queued for the next pass.</summary>
    public async Task SendAsync(string key, EmailMessage message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await QueueAsync(db, key, message, time.GetUtcNow(), ct))
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            return; // queued by a concurrent caller
        }

        var queued = db.OutboxEmails.Local.Single(m => m.Key == key[..Math.Min(key.Length, MaxKeyLength)]);
        await TryDeliverAsync(db, queued.Id, queued.NextAttemptAt, ct);
    }

    /// <summary>
    /// Delivers every message that is due, oldest first. The first failure ends the pass (the mail server is likely
    /// down: the rest wait for the next pass rather than each waiting for a timeout). Returns how many were sent.
    /// </summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        var sent = 0;
        var lastId = 0L;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = time.GetUtcNow();
            var due = await db.OutboxEmails.AsNoTracking().Where(m => m.SentAt == null && m.NextAttemptAt <= now && m.Id > lastId)
                .OrderBy(m => m.Id).Select(m => new { m.Id, m.NextAttemptAt }).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return sent;
            }

            foreach (var message in due)
            {
                lastId = message.Id;
                switch (await TryDeliverAsync(db, message.Id, message.NextAttemptAt, ct))
                {
                    case Delivery.Sent:
                        sent++;
                        break;
                    case Delivery.Failed:
                        return sent;
                }
            }
        }
    }

    /// <summary>How many messages are still waiting, and since when the oldest waits (for health and the operator).</summary>
    public async Task<(int Waiting, DateTimeOffset? OldestSince)> BacklogAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = db.OutboxEmails.Where(m => m.SentAt == null);
        return (await waiting.CountAsync(ct), await waiting.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct));
    }

    private enum Delivery
    {
        Sent,
        Failed,
        TakenElsewhere,
    }

    private async Task<Delivery> TryDeliverAsync(AppDbContext db, long id, DateTimeOffset due, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The claim moves the next attempt past the lease, so another pass (another instance) skips it while this one sends.
        if (await db.OutboxEmails.Where(m => m.Id == id && m.SentAt == null && m.NextAttemptAt == due)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.NextAttemptAt, now + Lease), ct) == 0)
        {
            return Delivery.TakenElsewhere;
        }

        var message = await db.OutboxEmails.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        try
        {
            await transport.SendAsync(new EmailMessage(message.To, message.Subject, message.TextBody, message.HtmlBody), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var attempts = message.Attempts + 1;
            var next = time.GetUtcNow() + Backoff(attempts);
            var error = $"{e.GetType().Name}: {e.Message}";
            error = error.Length > 1000 ? error[..1000] : error;
            await db.OutboxEmails.Where(m => m.Id == id).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error).SetProperty(x => x.NextAttemptAt, next), CancellationToken.None);
            logger.LogWarning("Email {Key} to {To} not delivered (attempt {Attempts}): {Error}; it is retried from {Next:u}", message.Key, message.To, attempts, error, next);
            return Delivery.Failed;
        }

        await db.OutboxEmails.Where(m => m.Id == id).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.SentAt, time.GetUtcNow()).SetProperty(x => x.Attempts, message.Attempts + 1).SetProperty(x => x.LastError, (string?)null), CancellationToken.None);
        return Delivery.Sent;
    }

    /// <summary>1, 2, 4 … minutes after each failed attempt, at most an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Clamp(attempts - 1, 0, 6)));
}
