using System.Collections.Concurrent;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// Proxmox locks a template's disk for the whole clone, so a second clone of the same template fails. Clones of
/// one template wait here in turn instead; locks taken from outside this process are retried with backoff.
/// </summary>
public sealed class CloneQueue
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> templates = new();

    public async Task<IDisposable> EnterAsync(int templateVmid, CancellationToken ct)
    {
        var gate = templates.GetOrAdd(templateVmid, _ => new SemaphoreSlim(1, 1));
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
