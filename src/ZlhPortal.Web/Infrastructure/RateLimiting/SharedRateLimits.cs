using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.RateLimiting;

/// <summary>
/// Fixed-window request counters in the shared PostgreSQL database: one statement per request adds it to its key's
/// window and answers the count, so a limit holds for the whole site however many instances serve it.
/// </summary>
public sealed class SharedRateLimits(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ILogger<SharedRateLimits> logger)
{
    /// <summary>Counts a request; whether it is within <paramref name="permitLimit"/>, and if not, when the window ends.</summary>
    public async Task<(bool Allowed, TimeSpan RetryAfter)> TakeAsync(string key, int permitLimit, TimeSpan window, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var length = Math.Max(1, (long)window.TotalSeconds);
        var start = now - now % length;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var count = await db.Database.SqlQuery<int>($"""
                INSERT INTO "RateLimitCounters" ("Key", "WindowStart", "Count") VALUES ({key}, {start}, 1)
                ON CONFLICT ("Key", "WindowStart") DO UPDATE SET "Count" = "RateLimitCounters"."Count" + 1
                RETURNING "Count" AS "Value"
                """).ToListAsync(ct);
            if (count[0] == 1)
            {
                // A new window: the finished ones are of no use any more (every key's, so keys never seen again go too).
                await db.RateLimitCounters.Where(c => c.WindowStart < now - length).ExecuteDeleteAsync(ct);
            }

            return count[0] <= permitLimit ? (true, TimeSpan.Zero) : (false, TimeSpan.FromSeconds(start + length - now));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database did not answer: the request would fail on it anyway; do not add a 429 on top.
            logger.LogWarning(e, "Could not count a request against rate limit {Key}; let through", key);
            return (true, TimeSpan.Zero);
        }
    }
}
