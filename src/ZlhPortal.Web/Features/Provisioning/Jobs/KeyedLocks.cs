using System.Collections.Concurrent;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>In-process mutual exclusion per key: one holder at a time, the others wait in turn.</summary>
public abstract class KeyedLocks
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> gates = new();

    public async Task<IDisposable> EnterAsync(int key, CancellationToken ct)
    {
        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
