using System.Collections.Concurrent;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>In-process mutual exclusion per server for the jobs that drive it.</summary>
public sealed class ServerLocks
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> locks = new();

    public async Task<IDisposable> EnterAsync(int serverId, CancellationToken ct)
    {
        var gate = locks.GetOrAdd(serverId, _ => new SemaphoreSlim(1, 1));
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
