using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>
/// Picks a node with room for a plan and the lowest free VMID of the server kind's range. A VMID is free when no live
/// server holds it, its cool-down is over, and Proxmox itself has no guest with it (so one made by hand is skipped).
/// </summary>
public sealed class ServerPlacement(
    IDbContextFactory<AppDbContext> dbFactory, ServerStore store, RuntimeCalls runtime, PlacementGate gate, IOptions<ProvisioningOptions> options,
    IOptions<EdgeOptions> edge, TimeProvider time)
{
    public async Task<PlacementResult> PlaceAsync(int serverId, CancellationToken ct)
    {
        await using (await gate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var server = await db.Servers.AsNoTracking().FirstAsync(s => s.Id == serverId, ct);
            if (server.Vmid is not null && server.Node is not null)
            {
                return new PlacementResult(server.Node, server.Vmid, null);
            }

            var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == server.PlanId, ct);
            var (guests, nodes) = await ListClusterAsync(ct);
            string? node;
            int vmid;
            string? rangeProblem;
            await using (await BeginSnapshotAsync(db, ct))
            {
                node = await PickNodeAsync(db, plan, nodes, ct);
                if (node is null)
                {
                    return new PlacementResult(null, null, FullMessage);
                }

                (vmid, rangeProblem) = await PickVmidAsync(db, server.Kind, guests, ct);
            }

            if (rangeProblem is not null)
            {
                return new PlacementResult(null, null, rangeProblem);
            }

            await store.UpdateAsync(serverId, s =>
            {
                s.Node = node;
                s.Vmid = vmid;
            }, ct);
            return new PlacementResult(node, vmid, null);
        }
    }

    /// <summary>
    /// Hands an order's reservation to the server made for it, inside the transaction that saves the new record: the
    /// node and VMID held for the order, when the reservation got a place and was made for the server's plan.
    /// </summary>
    public async Task<(string Node, int Vmid)?> TakeOverReservationAsync(AppDbContext db, int reservationId, HostedServer server, CancellationToken ct)
    {
        var reservation = await db.CapacityReservations.FirstOrDefaultAsync(r => r.Id == reservationId && r.ServerId == null && r.ReleasedAt == null, ct);
        if (reservation is null)
        {
            return null;
        }

        reservation.ServerId = server.Id;
        server.PublicPort = reservation.PublicPort;
        await db.SaveChangesAsync(ct);
        return reservation is { Node: { } node, Vmid: { } vmid } && reservation.PlanId == server.PlanId ? (node, vmid) : null;
    }

    public const string NoPortMessage = "No public game port is free right now; please try again later.";

    /// <summary>
    /// The server's public port: the one it holds, else one leased from the pool now (a server made without an order,
    /// or before the edge was a gateway). Null when the server needs none; a full pool is a <see cref="PlacementResult.Problem"/>.
    /// </summary>
    public async Task<(int? Port, string? Problem)> LeasePortAsync(int serverId, CancellationToken ct)
    {
        await using (await gate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var server = await db.Servers.AsNoTracking().FirstAsync(s => s.Id == serverId, ct);
            var template = await db.Templates.AsNoTracking().FirstAsync(t => t.Id == server.TemplateId, ct);
            if (server.PublicPort is not null || !NeedsPublicPort(template))
            {
                return (server.PublicPort, null);
            }

            int? port;
            await using (await BeginSnapshotAsync(db, ct))
            {
                port = await PickPortAsync(db, ct);
            }

            if (port is null)
            {
                return (null, NoPortMessage);
            }

            await store.UpdateAsync(serverId, s => s.PublicPort = port, ct);
            return (port, null);
        }
    }

    /// <summary>Gives a server's public port back to the pool, after a cool-down. Safe to repeat.</summary>
    public async Task ReleasePortAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.FirstOrDefaultAsync(s => s.Id == serverId, ct);
        if (server?.PublicPort is not { } port)
        {
            return;
        }

        var release = await db.PortReleases.FindAsync([port], ct);
        if (release is null)
        {
            db.PortReleases.Add(new PortRelease { Port = port, ReleasedAt = time.GetUtcNow() });
        }
        else
        {
            release.ReleasedAt = time.GetUtcNow();
        }

        server.PublicPort = null;
        await db.SaveChangesAsync(ct);
    }

    private bool NeedsPublicPort(Template template) =>
        edge.Value.IsGateway && template.GamePort > 0 && !EdgeSettings.RoutedByHostname(template.Game);

    /// <summary>The lowest pool port no server holds, no live reservation holds and whose cool-down is over; null when none is left.</summary>
    private async Task<int?> PickPortAsync(AppDbContext db, CancellationToken ct)
    {
        var settings = edge.Value;
        var now = time.GetUtcNow();
        var cooldownStart = now - settings.PortCooldown;
        var taken = new HashSet<int>(await db.Servers.Where(s => s.PublicPort != null).Select(s => s.PublicPort!.Value).ToListAsync(ct));
        taken.UnionWith(await db.PortReleases.Where(r => r.ReleasedAt > cooldownStart).Select(r => r.Port).ToListAsync(ct));
        taken.UnionWith(await LiveReservations(db, now).Where(r => r.PublicPort != null).Select(r => r.PublicPort!.Value).ToListAsync(ct));
        for (var port = settings.PortFirst; port <= settings.PortLast; port++)
        {
            if (!taken.Contains(port))
            {
                return port;
            }
        }

        return null;
    }

    public const string FullMessage = "All our machines are full right now, so your server could not be placed.";

    /// <summary>
    /// Holds a node's room and a VMID for a plan until <paramref name="expiresAt"/> (callable before payment). When the
    /// cluster cannot be asked, the reservation is accepted without a place (orders keep working while Proxmox is down)
    /// and provisioning places the server later.
    /// </summary>
    public async Task<ReservationResult> ReserveCapacityAsync(Plan plan, Template template, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await using (await gate.EnterAsync(ct))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var reservation = new CapacityReservation { Kind = plan.Kind, PlanId = plan.Id, CreatedAt = time.GetUtcNow(), ExpiresAt = expiresAt };
            if (NeedsPublicPort(template))
            {
                // The pool does not depend on the runtime: a full pool refuses the order whether or not Proxmox answers.
                await using (await BeginSnapshotAsync(db, ct))
                {
                    reservation.PublicPort = await PickPortAsync(db, ct);
                }

                if (reservation.PublicPort is null)
                {
                    return new ReservationResult(null, NoPortMessage + " You have not been charged.");
                }
            }

            try
            {
                var (guests, nodes) = await ListClusterAsync(ct);
                await using var snapshot = await BeginSnapshotAsync(db, ct);
                reservation.Node = await PickNodeAsync(db, plan, nodes, ct);
                if (reservation.Node is null)
                {
                    return new ReservationResult(null, "All our machines are full right now; please try again later. You have not been charged.");
                }

                var (vmid, rangeProblem) = await PickVmidAsync(db, plan.Kind, guests, ct);
                if (rangeProblem is not null)
                {
                    return new ReservationResult(null, "No server slot is free right now; please try again later. You have not been charged.");
                }

                reservation.Vmid = vmid;
                await snapshot.CommitAsync(ct);
            }
            catch (TransientRuntimeException)
            {
                // Unplaced: the provisioning job places it when the cluster answers again.
            }

            db.CapacityReservations.Add(reservation);
            await db.SaveChangesAsync(ct);
            return new ReservationResult(reservation, null);
        }
    }

    /// <summary>Gives a reservation back early (order cancelled); a no-op when it was already taken over or released.</summary>
    public async Task ReleaseReservationAsync(int reservationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await db.CapacityReservations.Where(r => r.Id == reservationId && r.ServerId == null && r.ReleasedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.ReleasedAt, now), ct);
    }

    /// <summary>
    /// What is taken is read from several tables. A server that takes over its order's reservation (outside the gate)
    /// commits between two of those reads in read-committed isolation, so its VMID would be missed by both: the server
    /// read before, the reservation after it stopped being live. One snapshot for all reads sees it in one or the other.
    /// </summary>
    private static Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

    private async Task<(IReadOnlyList<ZlhPortal.Proxmox.Models.ClusterResource> Guests, List<ZlhPortal.Proxmox.Models.ClusterResource> Nodes)> ListClusterAsync(CancellationToken ct)
    {
        var guests = (await runtime.CallAsync("list cluster guests", c => runtime.Proxmox.Cluster.ResourcesAsync("vm", c), ct)).Data;
        var nodes = (await runtime.CallAsync("list cluster nodes", c => runtime.Proxmox.Cluster.ResourcesAsync("node", c), ct)).Data;
        if (guests is null || nodes is null)
        {
            throw new TransientRuntimeException("The cluster did not list its guests and nodes.");
        }

        return (guests, nodes.Where(n => n.Type == "node" && n.Status == "online").ToList());
    }

    private async Task<(int Vmid, string? Problem)> PickVmidAsync(AppDbContext db, ServerKind kind, IEnumerable<ZlhPortal.Proxmox.Models.ClusterResource> guests, CancellationToken ct)
    {
        var settings = options.Value;
        var (first, last) = settings.VmidRange(kind);
        var now = time.GetUtcNow();
        var cooldownStart = now - settings.VmidCooldown;
        var taken = new HashSet<int>(guests.Select(g => g.Vmid));
        taken.UnionWith(await db.Servers.Where(s => s.Vmid != null && s.Status != ServerStatus.Deleted).Select(s => s.Vmid!.Value).ToListAsync(ct));
        taken.UnionWith(await db.VmidReleases.Where(r => r.ReleasedAt > cooldownStart).Select(r => r.Vmid).ToListAsync(ct));
        taken.UnionWith(await LiveReservations(db, now).Where(r => r.Vmid != null).Select(r => r.Vmid!.Value).ToListAsync(ct));
        var vmid = Enumerable.Range(first, last - first + 1).FirstOrDefault(id => !taken.Contains(id));
        return vmid == 0
            ? (0, $"No free server slot is left in the {kind.ToString().ToLowerInvariant()} range ({first}–{last}).")
            : (vmid, null);
    }

    private static IQueryable<CapacityReservation> LiveReservations(AppDbContext db, DateTimeOffset now) =>
        db.CapacityReservations.Where(r => r.ServerId == null && r.ReleasedAt == null && r.ExpiresAt > now);

    /// <summary>
    /// Whether <paramref name="node"/> is an online node of the cluster, and has room for one more server of
    /// <paramref name="plan"/> (staff moving a server onto it). Draining is the caller's business; this asks the cluster.
    /// </summary>
    public async Task<(bool Online, bool HasRoom)> RoomOnNodeAsync(string node, Plan plan, CancellationToken ct)
    {
        await using (await gate.EnterAsync(ct))
        {
            var (_, nodes) = await ListClusterAsync(ct);
            if (!nodes.Any(n => n.Node == node))
            {
                return (false, false);
            }

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var snapshot = await BeginSnapshotAsync(db, ct);
            return (true, (await FreeAsync(db, nodes, ct)).Any(n => n.Node == node && Holds(n, plan)));
        }
    }

    private static bool Holds((string Node, double FreeCores, double FreeMemoryMb, double FreeDiskGb) n, Plan plan) =>
        n.FreeCores >= plan.Cores && n.FreeMemoryMb >= plan.MemoryMb && n.FreeDiskGb >= plan.DiskGb;

    /// <summary>A node with room for the plan, the one with most memory free; never a node staff set to drain.</summary>
    private async Task<string?> PickNodeAsync(AppDbContext db, Plan plan, List<ZlhPortal.Proxmox.Models.ClusterResource> nodes, CancellationToken ct)
    {
        var draining = (await db.NodeSettings.Where(n => n.Draining).Select(n => n.Name).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return (await FreeAsync(db, nodes.Where(n => !draining.Contains(n.Node)).ToList(), ct))
            .Where(n => Holds(n, plan))
            .OrderByDescending(n => n.FreeMemoryMb)
            .Select(n => n.Node)
            .FirstOrDefault();
    }

    /// <summary>What each node has left: its capacity times the over-allocation, less the plans of its servers and of live reservations.</summary>
    private async Task<List<(string Node, double FreeCores, double FreeMemoryMb, double FreeDiskGb)>> FreeAsync(
        AppDbContext db, List<ZlhPortal.Proxmox.Models.ClusterResource> nodes, CancellationToken ct)
    {
        var settings = options.Value;
        var used = await (from s in db.Servers
                          join p in db.Plans on s.PlanId equals p.Id
                          where s.Node != null && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Failed
                          group p by s.Node into g
                          select new { Node = g.Key!, Cores = g.Sum(p => p.Cores), MemoryMb = g.Sum(p => p.MemoryMb), DiskGb = g.Sum(p => p.DiskGb) })
            .ToDictionaryAsync(x => x.Node, ct);
        var now = time.GetUtcNow();
        var reserved = await (from r in LiveReservations(db, now)
                              join p in db.Plans on r.PlanId equals p.Id
                              where r.Node != null
                              group p by r.Node into g
                              select new { Node = g.Key!, Cores = g.Sum(p => p.Cores), MemoryMb = g.Sum(p => p.MemoryMb), DiskGb = g.Sum(p => p.DiskGb) })
            .ToDictionaryAsync(x => x.Node, ct);
        return nodes
            .Select(n =>
            {
                var u = used.GetValueOrDefault(n.Node);
                var r = reserved.GetValueOrDefault(n.Node);
                var freeCores = n.MaxCpu * settings.CpuOverallocation - (u?.Cores ?? 0) - (r?.Cores ?? 0);
                var freeMemoryMb = n.MaxMem / 1048576.0 * settings.MemoryOverallocation - (u?.MemoryMb ?? 0) - (r?.MemoryMb ?? 0);
                var freeDiskGb = n.MaxDisk / 1073741824.0 * settings.DiskOverallocation - (u?.DiskGb ?? 0) - (r?.DiskGb ?? 0);
                return (n.Node, freeCores, freeMemoryMb, freeDiskGb);
            })
            .ToList();
    }
}
