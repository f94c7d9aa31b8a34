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

    private const int BatchSize = 100;

    /// <summary>Messages handed to the mail server at once: a few keep a large run short without flooding it.</summary>
    private const int Parallelism = 4;

    /// <summary>
    /// Adds the message to the caller's context, to be saved with the caller's change; false (and nothing added) when a
    /// message with this key was queued before.
    /// </summary>
    public static async Task<bool> QueueAsync(AppDbContext db, string key, EmailMessage message, DateTimeOffset now, CancellationToken ct)
    {
        key = Truncate(key);
        if (db.OutboxEmails.Local.Any(m => m.Key == key) || await db.OutboxEmails.AnyAsync(m => m.Key == key, ct))
        {
            return false;
        }

        db.OutboxEmails.Add(New(key, message, now));
        return true;
    }

    private static string Truncate(string key) => key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;

    private static OutboxEmail New(string key, EmailMessage message, DateTimeOffset now) => new()
    {
        Key = key, To = message.To, Subject = message.Subject, TextBody = message.TextBody, HtmlBody = message.HtmlBody, CreatedAt = now, NextAttemptAt = now,
    };

    /// <summary>
    /// Adds many messages to the caller's context at once (one query for the keys queued before); returns how many were
    /// added. For batches such as the billing run's.
    /// </summary>
    public static async Task<int> QueueAsync(AppDbContext db, IReadOnlyCollection<(string Key, EmailMessage Message)> messages, DateTimeOffset now, CancellationToken ct)
    {
        var keys = messages.Select(m => Truncate(m.Key)).ToList();
        var known = (await db.OutboxEmails.Where(m => keys.Contains(m.Key)).Select(m => m.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        known.UnionWith(db.OutboxEmails.Local.Select(m => m.Key));
        var added = 0;
        foreach (var (key, message) in messages)
        {
            if (known.Add(Truncate(key)))
            {
                db.OutboxEmails.Add(New(Truncate(key), message, now));
                added++;
            }
        }

        return added;
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

        var queued = db.OutboxEmails.Local.Single(m => m.Key == Truncate(key));
        await DeliverAsync(db, [queued.Id], ct);
    }

    /// <summary>
    /// Delivers every message that is due, oldest first, a few at a time. A failure ends the pass (the mail server is
    /// likely down: the rest wait for the next pass rather than each waiting for a timeout). Returns how many were sent.
    /// </summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        var sent = 0;
        var lastId = 0L;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = time.GetUtcNow();
            var due = await db.OutboxEmails.Where(m => m.SentAt == null && m.NextAttemptAt <= now && m.Id > lastId)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return sent;
            }

            lastId = due[^1];
            var (delivered, failed) = await DeliverAsync(db, due, ct);
            sent += delivered;
            if (failed)
            {
                return sent;
            }
        }
    }

    /// <summary>
    /// Tries at once to deliver a message the caller queued in its own unit of work (after that committed), for mail the
    /// reader waits for; a failure leaves it queued for the next pass, like any other.
    /// </summary>
    public async Task TryDeliverAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var truncated = Truncate(key);
        var id = await db.OutboxEmails.Where(m => m.Key == truncated && m.SentAt == null).Select(m => m.Id).FirstOrDefaultAsync(ct);
        if (id != 0)
        {
            await DeliverAsync(db, [id], ct);
        }
    }

    /// <summary>How many messages are still waiting, and since when the oldest waits (for health and the operator).</summary>
    public async Task<(int Waiting, DateTimeOffset? OldestSince)> BacklogAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = db.OutboxEmails.Where(m => m.SentAt == null);
        return (await waiting.CountAsync(ct), await waiting.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct));
    }

    /// <summary>
    /// Claims those of the messages that are still due (one statement: the lease and this pass's mark), sends them a few
    /// at a time and records each one sent as soon as the mail server took it.
    /// </summary>
    private async Task<(int Sent, bool Failed)> DeliverAsync(AppDbContext db, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var pass = Guid.NewGuid().ToString();
        await db.OutboxEmails.Where(m => ids.Contains(m.Id) && m.SentAt == null && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.NextAttemptAt, now + Lease).SetProperty(x => x.ClaimedBy, pass), ct);
        var claimed = await db.OutboxEmails.AsNoTracking().Where(m => ids.Contains(m.Id) && m.ClaimedBy == pass && m.SentAt == null).OrderBy(m => m.Id).ToListAsync(ct);
        var sent = 0;
        var failed = 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (message, token) =>
        {
            if (Volatile.Read(ref failed) > 0)
            {
                // The mail server failed for another message of this pass: leave the rest for the next one.
                await using var release = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                await release.OutboxEmails.Where(m => m.Id == message.Id && m.ClaimedBy == pass)
                    .ExecuteUpdateAsync(m => m.SetProperty(x => x.NextAttemptAt, message.NextAttemptAt).SetProperty(x => x.ClaimedBy, (string?)null), CancellationToken.None);
                return;
            }

            await using var record = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            try
            {
                await transport.SendAsync(new EmailMessage(message.To, message.Subject, message.TextBody, message.HtmlBody), token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                var attempts = message.Attempts + 1;
                var next = time.GetUtcNow() + Backoff(attempts);
                var error = $"{e.GetType().Name}: {e.Message}";
                error = error.Length > 1000 ? error[..1000] : error;
                await record.OutboxEmails.Where(m => m.Id == message.Id).ExecuteUpdateAsync(m => m
                    .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error).SetProperty(x => x.NextAttemptAt, next)
                    .SetProperty(x => x.ClaimedBy, (string?)null), CancellationToken.None);
                logger.LogWarning("Email {Key} to {To} not delivered (attempt {Attempts}): {Error}; it is retried from {Next:u}", message.Key, message.To, attempts, error, next);
                return;
            }

            await record.OutboxEmails.Where(m => m.Id == message.Id).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.SentAt, time.GetUtcNow()).SetProperty(x => x.Attempts, message.Attempts + 1).SetProperty(x => x.LastError, (string?)null)
                .SetProperty(x => x.ClaimedBy, (string?)null), CancellationToken.None);
            Interlocked.Increment(ref sent);
        });
        return (sent, failed > 0);
    }

    /// <summary>1, 2, 4 … minutes after each failed attempt, at most an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Clamp(attempts - 1, 0, 6)));
}
