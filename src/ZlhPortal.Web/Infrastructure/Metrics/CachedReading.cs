using System.Diagnostics;

namespace ZlhPortal.Web.Infrastructure.Metrics;

/// <summary>
/// A value read at most once per <paramref name="lifetime"/>; concurrent callers wait for the one read in progress.
/// Measured on the monotonic clock, not <see cref="TimeProvider"/>: this limits load, it is no business time.
/// </summary>
public sealed class CachedReading<T>(Func<T> read, TimeSpan lifetime)
{
    private readonly Lock gate = new();
    private T? value;
    private long readAt;
    private bool hasValue;

    public T Get()
    {
        lock (gate)
        {
            if (!hasValue || Stopwatch.GetElapsedTime(readAt) >= lifetime)
            {
                value = read();
                readAt = Stopwatch.GetTimestamp();
                hasValue = true;
            }

            return value!;
        }
    }
}
