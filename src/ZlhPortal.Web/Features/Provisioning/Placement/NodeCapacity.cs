using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>Capacity use per node from our database and the runtime monitor's snapshot; no Proxmox call of its own.</summary>
public sealed class NodeCapacity(IDbContextFactory<AppDbContext> dbFactory, RuntimeStatusMonitor monitor, IOptions<ProvisioningOptions> options)
{
    public async Task<(IReadOnlyList<NodeCapacityRow> Rows, RuntimeSnapshot Snapshot)> GetAsync(CancellationToken ct = default)
    {
        var snapshot = monitor.Snapshot;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var allocated = await (from s in db.Servers
                               join p in db.Plans on s.PlanId equals p.Id
                               where s.Node != null && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Failed
                               group p by s.Node into g
                               select new { Node = g.Key!, Servers = g.Count(), Cores = g.Sum(p => p.Cores), MemoryMb = g.Sum(p => p.MemoryMb), DiskGb = g.Sum(p => p.DiskGb) })
            .ToDictionaryAsync(x => x.Node, ct);
        var settings = options.Value;
        var rows = snapshot.Nodes.Keys.Union(allocated.Keys).Order(StringComparer.Ordinal).Select(name =>
        {
            var live = snapshot.Nodes.GetValueOrDefault(name);
            var used = allocated.GetValueOrDefault(name);
            return new NodeCapacityRow(
                name, live, used?.Servers ?? 0, used?.Cores ?? 0, used?.MemoryMb ?? 0, used?.DiskGb ?? 0,
                live is null ? null : live.Cores * settings.CpuOverallocation,
                live is null ? null : live.MaxMemoryBytes / 1048576.0 * settings.MemoryOverallocation,
                live is null ? null : live.MaxDiskBytes / 1073741824.0 * settings.DiskOverallocation);
        }).ToList();
        return (rows, snapshot);
    }
}
