using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Coordination;

/// <summary>
/// Mutual exclusion that holds across portal instances sharing one database: a lease row per key, taken with one
/// conditional statement, renewed while its work runs and given back when it ends. A holder that dies stops renewing,
/// so its lease runs out after <see cref="LeaseOptions.Duration"/> and the work can be taken over.
/// </summary>
public sealed class Leases(IDbContextFactory<AppDbContext> dbFactory, IOptions<LeaseOptions> options, TimeProvider time, ILogger<Leases> logger)
{
    /// <summary>This instance in lease owners: machine, process and a per-host part (tests run several portals in a process).</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    internal TimeSpan Duration => options.Value.Duration;

    internal ILogger Logger => logger;

    /// <summary>Takes the lease when it is free or has run out; null while someone else holds it.</summary>
    public async Task<HeldLease?> TryAcquireAsync(string key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var owner = $"{Instance}/{Guid.NewGuid().ToString("N")[..12]}";
        var expires = now + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var takenOver = await db.Leases.Where(l => l.Key == key && l.ExpiresAt <= now)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Owner, owner).SetProperty(x => x.AcquiredAt, now).SetProperty(x => x.ExpiresAt, expires), ct);
        if (takenOver == 0)
        {
            // Held and not lapsed: answer without an insert that would fail (EF logs every failed save as an error, and
            // a waiter asks four times a second). The insert below still settles a race for a free key.
            if (await db.Leases.AnyAsync(l => l.Key == key, ct))
            {
                return null;
            }

            db.Leases.Add(new Lease { Key = key, Owner = owner, AcquiredAt = now, ExpiresAt = expires });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                return null;
            }
        }
        else
        {
            logger.LogInformation("Took over lease {Key}: its holder stopped renewing it", key);
        }

        return new HeldLease(this, key, owner);
    }

    /// <summary>Waits in turn until the lease is free, then takes it.</summary>
    public async Task<HeldLease> AcquireAsync(string key, CancellationToken ct)
    {
        while (true)
        {
            if (await TryAcquireAsync(key, ct) is { } lease)
            {
                return lease;
            }

            await Task.Delay(options.Value.RetryInterval, ct);
        }
    }

    /// <summary>
    /// The leases whose key starts with <paramref name="prefix"/>, each with whether someone holds it now (true) or its
    /// holder stopped renewing it without giving it back (false: it died, its work waits to be taken over).
    /// </summary>
    public async Task<Dictionary<string, bool>> StatesAsync(string prefix, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Leases.AsNoTracking().Where(l => l.Key.StartsWith(prefix)).ToDictionaryAsync(l => l.Key, l => l.ExpiresAt > now, ct);
    }

    /// <summary>
    /// Frees every lease. Only for a single instance starting up (the embedded SQLite default): whatever held a lease
    /// was this portal before it stopped.
    /// </summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Leases.ExecuteDeleteAsync(ct);
    }

    internal async Task<bool> RenewAsync(string key, string owner, CancellationToken ct)
    {
        var expires = time.GetUtcNow() + Duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Leases.Where(l => l.Key == key && l.Owner == owner).ExecuteUpdateAsync(l => l.SetProperty(x => x.ExpiresAt, expires), ct) == 1;
    }

    internal async Task ReleaseAsync(string key, string owner)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Leases.Where(l => l.Key == key && l.Owner == owner).ExecuteDeleteAsync();
    }
}
