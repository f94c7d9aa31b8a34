using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>
/// Staff maintenance of cluster nodes: setting a node to drain (placement then skips it for new servers) and moving a
/// stopped server to another node, which <see cref="MigrateServerJob"/> carries out in the server's operation slot.
/// </summary>
public sealed partial class NodeMaintenance(
    IDbContextFactory<AppDbContext> dbFactory, NodeCapacity capacity, ServerPlacement placement, ServerLifecycle lifecycle, IBackgroundJobClient jobs,
    TimeProvider time, ILogger<NodeMaintenance> logger)
{
    /// <summary>Every node the cluster read or our servers name, with its drain setting and its servers.</summary>
    public async Task<IReadOnlyList<NodeView>> ListAsync(CancellationToken ct = default)
    {
        var (rows, _) = await capacity.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.NodeSettings.AsNoTracking().ToDictionaryAsync(n => n.Name, ct);
        var servers = await (from s in db.Servers.AsNoTracking()
                             join u in db.Users on s.OwnerId equals u.Id
                             where s.Node != null && s.Status != ServerStatus.Deleted
                             orderby s.Name
                             select new { Node = s.Node!, Row = new NodeServerRow(s.Id, s.Name, u.Email ?? "", s.Status, s.Operation, s.Vmid) })
            .ToListAsync(ct);
        var byNode = servers.ToLookup(s => s.Node, s => s.Row);
        return rows.Select(row =>
        {
            var setting = settings.GetValueOrDefault(row.Node);
            return new NodeView(row, setting?.Draining ?? false, setting?.DrainReason, setting?.ChangedAt, setting?.ChangedBy, byNode[row.Node].ToList());
        }).ToList();
    }

    /// <summary>Sets a node to drain (no new servers are placed on it) or back to taking servers.</summary>
    /// <param name="actor">The staff member's email.</param>
    public async Task<ServerRequestResult> SetDrainingAsync(string node, bool draining, string? reason, string actor, CancellationToken ct = default)
    {
        node = (node ?? "").Trim();
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!NodeName().IsMatch(node))
        {
            return ServerRequestResult.Invalid("Give a node name of letters, digits and dashes, e.g. pve1.");
        }

        if (reason is not null && (reason.Length > NodeSetting.ReasonMaxLength || reason.Any(char.IsControl)))
        {
            return ServerRequestResult.Invalid($"Keep the reason to one line of at most {NodeSetting.ReasonMaxLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var setting = await db.NodeSettings.FirstOrDefaultAsync(n => n.Name == node, ct);
        if (setting is null && !(await capacity.GetAsync(ct)).Rows.Any(r => r.Node == node))
        {
            return new ServerRequestResult(ServerRequestOutcome.NotFound, $"There is no node {node} in the cluster.");
        }

        if (setting is null)
        {
            setting = new NodeSetting { Name = node };
            db.NodeSettings.Add(setting);
        }

        setting.Draining = draining;
        setting.DrainReason = draining ? reason : null;
        setting.ChangedAt = time.GetUtcNow();
        setting.ChangedBy = actor;
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Node {Node} set to {State} by {Actor}: {Reason}", node, draining ? "drain" : "take servers", actor, reason);
        return new ServerRequestResult(ServerRequestOutcome.Accepted,
            draining ? $"{node} is draining: no new servers are placed on it." : $"{node} takes new servers again.");
    }

    /// <summary>
    /// Staff: move a stopped server to <paramref name="target"/> (Proxmox offline migrate). Refused unless the server is
    /// stopped and at rest, and the target is another online node that is not draining and has room for its plan.
    /// </summary>
    public async Task<ServerRequestResult> MigrateAsync(int serverId, string? target, string actor, CancellationToken ct = default)
    {
        target = (target ?? "").Trim();
        if (!NodeName().IsMatch(target))
        {
            return ServerRequestResult.Invalid("Choose the node to move the server to (a node name such as pve2).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted)
            .Select(s => new { s.Name, s.Status, s.Operation, s.Node, s.PlanId }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return new ServerRequestResult(ServerRequestOutcome.NotFound, $"There is no server with id {serverId}.");
        }

        if (server.Operation != ServerOperation.None)
        {
            return ServerRequestResult.Conflict($"{server.Name} is busy with another operation; try again when it has finished.");
        }

        if (server.Status != ServerStatus.Stopped || server.Node is null)
        {
            return ServerRequestResult.Conflict($"{server.Name} is {server.Status.ToString().ToLowerInvariant()}: only a stopped server can be moved. Stop it first.");
        }

        if (server.Node == target)
        {
            return ServerRequestResult.Invalid($"{server.Name} is already on {target}; choose another node.");
        }

        if (await db.NodeSettings.AnyAsync(n => n.Name == target && n.Draining, ct))
        {
            return ServerRequestResult.Conflict($"{target} is draining and takes no servers; choose another node.");
        }

        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == server.PlanId, ct);
        (bool Online, bool HasRoom) room;
        try
        {
            room = await placement.RoomOnNodeAsync(target, plan, ct);
        }
        catch (TransientRuntimeException e)
        {
            logger.LogWarning("Move of server {ServerId} refused: the cluster did not answer ({Detail})", serverId, e.Message);
            return ServerRequestResult.Unavailable("The cluster cannot be reached right now, so the target cannot be checked; try again in a minute.");
        }

        if (!room.Online)
        {
            return ServerRequestResult.Invalid($"{target} is not an online node of the cluster; choose another node.");
        }

        if (!room.HasRoom)
        {
            return ServerRequestResult.Conflict($"{target} has no room for a {plan.Name} server ({plan.Cores} cores, {plan.MemoryMb} MB, {plan.DiskGb} GB); choose another node.");
        }

        var from = server.Node;
        var claim = await lifecycle.ClaimAsync(serverId, null, ServerOperation.Migrate, async (claimDb, c) =>
        {
            claimDb.ServerMigrations.Add(new ServerMigration { ServerId = serverId, FromNode = from, ToNode = target, RequestedBy = actor, RequestedAt = time.GetUtcNow() });
            await claimDb.SaveChangesAsync(c);
        }, (HistoryKind.Move, $"Move from node {from} to node {target} requested by {actor}.", HistoryActors.Support), ct, allowed: [ServerStatus.Stopped]);
        if (!claim.Accepted)
        {
            return claim;
        }

        jobs.Enqueue<MigrateServerJob>(job => job.RunAsync(serverId, CancellationToken.None));
        logger.LogWarning("Server {ServerId} to be moved from {From} to {To} by {Actor}", serverId, from, target, actor);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"Moving {server.Name} from {from} to {target}.", serverId);
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,62})$")]
    private static partial Regex NodeName();
}
