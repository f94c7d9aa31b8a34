using System.Threading.RateLimiting;

namespace ZlhPortal.Web.Infrastructure.RateLimiting;

/// <summary>
/// A fixed-window limiter for one partition whose counts live in the database (<see cref="SharedRateLimits"/>). The
/// rate-limiting middleware tries the synchronous path first and then waits on the asynchronous one, which asks the database.
/// </summary>
public sealed class SharedFixedWindowLimiter(SharedRateLimits counters, string key, int permitLimit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private long lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Pending;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, time.GetTimestamp());
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        var (allowed, retryAfter) = await counters.TakeAsync(key, permitLimit, window, cancellationToken);
        return allowed ? Lease.Granted : new Lease(false, retryAfter);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        /// <summary>Not decided without the database: the middleware then waits on the asynchronous path.</summary>
        public static readonly Lease Pending = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
