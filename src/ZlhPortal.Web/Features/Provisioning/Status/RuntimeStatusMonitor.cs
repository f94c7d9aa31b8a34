using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>
/// Reads <c>/cluster/resources</c> once per interval (never once per server or node) and keeps the snapshot for pages.
/// When the cluster is unreachable the last snapshot stays, marked with since when, and pages keep rendering.
/// </summary>
public sealed class RuntimeStatusMonitor(
    IServiceScopeFactory scopes, IOptions<RuntimeStatusOptions> options, TimeProvider time, ILogger<RuntimeStatusMonitor> logger)
    : BackgroundService
{
    private volatile RuntimeSnapshot snapshot = RuntimeSnapshot.Empty;
    private long calls;

    public RuntimeSnapshot Snapshot => snapshot;

    /// <summary>Cluster calls made so far (for the status benchmark).</summary>
    public long Calls => Interlocked.Read(ref calls);

    public event Action<RuntimeSnapshot>? Updated;

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var proxmox = scope.ServiceProvider.GetRequiredService<ProxmoxClient>();
        Interlocked.Increment(ref calls);
        // No type filter: the one call answers for the guests and the nodes alike.
        var result = await proxmox.Cluster.ResourcesAsync(null, ct);
        var now = time.GetUtcNow();
        if (result.IsSuccess && result.Data is { } guests)
        {
            snapshot = new RuntimeSnapshot(
                guests.Where(g => g.Type == "lxc").GroupBy(g => g.Vmid).ToDictionary(g => g.Key, g =>
                {
                    var r = g.First();
                    return new GuestStatus(r.Vmid, r.Node, r.Status, r.Cpu, r.MaxCpu, r.Mem, r.MaxMem, r.Disk, r.MaxDisk, r.Tags);
                }),
                now, null)
            {
                Nodes = guests.Where(n => n.Type == "node").GroupBy(n => n.Node).ToDictionary(g => g.Key, g =>
                {
                    var n = g.First();
                    return new NodeReading(n.Node, n.Status, n.MaxCpu, n.MaxMem, n.MaxDisk, n.Cpu, n.Mem, n.Disk);
                }),
            };
        }
        else
        {
            snapshot = snapshot with { UnreachableSince = snapshot.UnreachableSince ?? now };
            logger.LogDebug("Cluster status unavailable: {Error}", result.Error);
        }

        Updated?.Invoke(snapshot);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                snapshot = snapshot with { UnreachableSince = snapshot.UnreachableSince ?? time.GetUtcNow() };
                logger.LogWarning(e, "Reading cluster status failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
