using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>The outcome of placing a server: a node with room and a free VMID in the kind's range, or why not.</summary>
public sealed record PlacementResult(string? Node, int? Vmid, string? Problem);

/// <summary>
/// Picks a node with room for a plan and the lowest free VMID of the server kind's range. A VMID is free when no live
/// server holds it, its cool-down is over, and Proxmox itself has no guest with it (so one made by hand is skipped).
/// </summary>
public sealed class ServerPlacement(
    IDbContextFactory<AppDbContext> dbFactory, RuntimeCalls runtime, PlacementGate gate, IOptions<ProvisioningOptions> options, TimeProvider time)
{
    public async Task<PlacementResult> PlaceAsync(int serverId, CancellationToken ct)
    {
        await gate.Semaphore.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var server = await db.Servers.FirstAsync(s => s.Id == serverId, ct);
            if (server.Vmid is not null && server.Node is not null)
            {
                return new PlacementResult(server.Node, server.Vmid, null);
            }

            var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == server.PlanId, ct);
            var guests = (await runtime.CallAsync("list cluster guests", c => runtime.Proxmox.Cluster.ResourcesAsync("vm", c), ct)).Data;
            var nodes = (await runtime.CallAsync("list cluster nodes", c => runtime.Proxmox.Cluster.ResourcesAsync("node", c), ct)).Data;
            if (guests is null || nodes is null)
            {
                throw new TransientRuntimeException("The cluster did not list its guests and nodes.");
            }

            var node = await PickNodeAsync(db, plan, nodes.Where(n => n.Type == "node" && n.Status == "online").ToList(), ct);
            if (node is null)
            {
                return new PlacementResult(null, null, "All our machines are full right now, so your server could not be placed.");
            }

            var settings = options.Value;
            var (first, last) = settings.VmidRange(server.Kind);
            var cooldownStart = time.GetUtcNow() - settings.VmidCooldown;
            var taken = new HashSet<int>(guests.Select(g => g.Vmid));
            taken.UnionWith(await db.Servers.Where(s => s.Vmid != null && s.Status != ServerStatus.Deleted).Select(s => s.Vmid!.Value).ToListAsync(ct));
            taken.UnionWith(await db.VmidReleases.Where(r => r.ReleasedAt > cooldownStart).Select(r => r.Vmid).ToListAsync(ct));
            var vmid = Enumerable.Range(first, last - first + 1).FirstOrDefault(id => !taken.Contains(id));
            if (vmid == 0)
            {
                return new PlacementResult(null, null, $"No free server slot is left in the {server.Kind.ToString().ToLowerInvariant()} range ({first}–{last}).");
            }

            server.Node = node;
            server.Vmid = vmid;
            server.UpdatedAt = time.GetUtcNow();
            server.Version = Guid.NewGuid();
            await db.SaveChangesAsync(ct);
            return new PlacementResult(node, vmid, null);
        }
        finally
        {
            gate.Semaphore.Release();
        }
    }

    private async Task<string?> PickNodeAsync(AppDbContext db, Plan plan, List<ZlhPortal.Proxmox.Models.ClusterResource> nodes, CancellationToken ct)
    {
        var settings = options.Value;
        var used = await (from s in db.Servers
                          join p in db.Plans on s.PlanId equals p.Id
                          where s.Node != null && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Failed
                          group p by s.Node into g
                          select new { Node = g.Key!, Cores = g.Sum(p => p.Cores), MemoryMb = g.Sum(p => p.MemoryMb), DiskGb = g.Sum(p => p.DiskGb) })
            .ToDictionaryAsync(x => x.Node, ct);
        return nodes
            .Select(n =>
            {
                var u = used.GetValueOrDefault(n.Node);
                var freeCores = n.MaxCpu * settings.CpuOverallocation - (u?.Cores ?? 0);
                var freeMemoryMb = n.MaxMem / 1048576.0 * settings.MemoryOverallocation - (u?.MemoryMb ?? 0);
                var freeDiskGb = n.MaxDisk / 1073741824.0 * settings.DiskOverallocation - (u?.DiskGb ?? 0);
                return (n.Node, freeCores, freeMemoryMb, freeDiskGb);
            })
            .Where(n => n.freeCores >= plan.Cores && n.freeMemoryMb >= plan.MemoryMb && n.freeDiskGb >= plan.DiskGb)
            .OrderByDescending(n => n.freeMemoryMb)
            .Select(n => n.Node)
            .FirstOrDefault();
    }
}

/// <summary>One placement at a time in this process; the unique index on Servers.Vmid guards against other instances.</summary>
public sealed class PlacementGate
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);
}
