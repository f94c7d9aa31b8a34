using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>
/// Staff moving a stopped server to another node; <see cref="MigrateServerJob"/> carries it out in the server's
/// operation slot.
/// </summary>
public sealed class ServerMoves(
    IDbContextFactory<AppDbContext> dbFactory, ServerPlacement placement, ServerLifecycle lifecycle, IBackgroundJobClient jobs, TimeProvider time,
    ILogger<ServerMoves> logger)
{
    /// <summary>
    /// Staff: move a stopped server to <paramref name="target"/> (Proxmox offline migrate). Refused unless the server is
    /// stopped and at rest, and the target is another online node that is not draining and has room for its plan.
    /// </summary>
    public async Task<ServerRequestResult> MigrateAsync(int serverId, string? target, string actor, CancellationToken ct = default)
    {
        target = (target ?? "").Trim();
        if (!NodeMaintenance.IsNodeName(target))
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

}
