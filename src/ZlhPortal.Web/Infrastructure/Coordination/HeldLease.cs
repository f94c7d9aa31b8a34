namespace ZlhPortal.Web.Infrastructure.Coordination;

/// <summary>
/// A lease this process holds: renewed in the background at a third of its duration until disposed, which gives it
/// back. <see cref="Lost"/> is cancelled when a renewal finds that the lease ran out and someone else took it.
/// </summary>
public sealed class HeldLease : IAsyncDisposable
{
    private readonly Leases leases;
    private readonly string owner;
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewing;

    internal HeldLease(Leases leases, string key, string owner)
    {
        this.leases = leases;
        this.owner = owner;
        Key = key;
        renewing = Task.Run(RenewAsync);
    }

    public string Key { get; }

    /// <summary>Cancelled when the lease was lost: the work must stop, another holder has it now.</summary>
    public CancellationToken Lost => lost.Token;

    private async Task RenewAsync()
    {
        var interval = leases.Duration / 3;
        while (true)
        {
            try
            {
                await Task.Delay(interval, stop.Token);
                if (!await leases.RenewAsync(Key, owner, stop.Token))
                {
                    leases.Logger.LogWarning("Lease {Key} was lost (not renewed in time); its work stops", Key);
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database did not answer: keep trying; the lease holds until it runs out.
                leases.Logger.LogWarning(e, "Could not renew lease {Key}; trying again", Key);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await renewing;
        try
        {
            await leases.ReleaseAsync(Key, owner);
        }
        catch (Exception e)
        {
            // It runs out by itself.
            leases.Logger.LogWarning(e, "Could not give lease {Key} back; it frees itself when it runs out", Key);
        }

        stop.Dispose();
        lost.Dispose();
    }
}
