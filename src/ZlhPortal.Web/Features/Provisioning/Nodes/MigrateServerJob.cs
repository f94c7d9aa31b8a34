using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>
/// Moves a stopped server's container to the node its unfinished <see cref="ServerMigration"/> names (Proxmox offline
/// migrate), then records the server there. Safe to run again: it first looks where the container is, and waits for a
/// migrate task it already started rather than asking twice. An unreachable cluster lets the run fail, so the queue
/// (and later the reconciler) runs it again; a refusal ends the move, and the server stays where it was.
/// </summary>
public sealed class MigrateServerJob(
    IDbContextFactory<AppDbContext> dbFactory, ServerStore store, RuntimeCalls runtime, Jobs.ServerLocks locks, ServerHistory history, TimeProvider time,
    ILogger<MigrateServerJob> logger)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Operation != ServerOperation.Migrate)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var move = await db.ServerMigrations.Where(m => m.ServerId == serverId && m.FinishedAt == null).OrderByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        if (move is null || server.Vmid is not { } vmid)
        {
            logger.LogWarning("Move of server {ServerId} has nothing to do; the operation is dropped", serverId);
            await store.FinishOperationAsync(serverId, server.Status, ct);
            return;
        }

        try
        {
            if (await WhereIsAsync(vmid, ct) != move.ToNode)
            {
                await MoveAsync(move, db, vmid, ct);
            }
        }
        catch (Exception e) when (e is ProvisioningException or TaskFailedException)
        {
            logger.LogWarning("Move of server {ServerId} from {From} to {To} failed: {Detail}", serverId, move.FromNode, move.ToNode, e.Message);
            move.FinishedAt = time.GetUtcNow();
            move.Error = ServerStore.Truncate(e.Message, 1000);
            await db.SaveChangesAsync(ct);
            await history.RecordAsync(serverId, HistoryKind.Move, HistoryActors.Support,
                $"The move from node {move.FromNode} to node {move.ToNode} failed; the server stays on {move.FromNode}.", ct);
            await store.FinishOperationAsync(serverId, ServerStatus.Stopped, ct);
            return;
        }

        move.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await store.UpdateAsync(serverId, s => s.Node = move.ToNode, ct);
        await history.RecordAsync(serverId, HistoryKind.Move, HistoryActors.Support,
            $"Moved from node {move.FromNode} to node {move.ToNode} by {move.RequestedBy}.", ct, onceKey: $"moved:{move.Id}");
        await store.FinishOperationAsync(serverId, ServerStatus.Stopped, ct);
        logger.LogInformation("Server {ServerId} moved from {From} to {To}", serverId, move.FromNode, move.ToNode);
    }

    private async Task MoveAsync(ServerMigration move, AppDbContext db, int vmid, CancellationToken ct)
    {
        if (move.Upid is { } started && Upid.TryParse(started, out var earlier))
        {
            // A run that died after Proxmox accepted the move: its task is waited for, not started again.
            await runtime.WaitForTaskAsync("move container", earlier, ct);
            return;
        }

        var lxc = runtime.Proxmox.Nodes[move.FromNode].Lxc[vmid];
        var current = await runtime.CallAsync("read container status", c => lxc.Status.Current.GetAsync(c), ct);
        if (!current.IsSuccess)
        {
            throw RuntimeCalls.Permanent("read container status", current.Error);
        }

        if (current.Data?.Status != "stopped")
        {
            throw new ProvisioningException("The server was started again; stop it first.", $"Container {vmid} is {current.Data?.Status}; an offline move needs it stopped.");
        }

        var answer = await runtime.CallAsync("move container", c => lxc.MigrateAsync(move.ToNode, ct: c), ct);
        if (!answer.IsSuccess)
        {
            // A first ask whose answer was lost may have moved it while this one was retried and refused.
            if (await WhereIsAsync(vmid, ct) == move.ToNode)
            {
                return;
            }

            throw RuntimeCalls.Permanent("move container", answer.Error);
        }

        move.Upid = answer.Data!.Value;
        await db.SaveChangesAsync(ct);
        await runtime.WaitForTaskAsync("move container", answer.Data, ct);
    }

    /// <summary>The node the cluster lists the container on; null when it lists it nowhere.</summary>
    private async Task<string?> WhereIsAsync(int vmid, CancellationToken ct)
    {
        var guests = await runtime.CallAsync("list cluster guests", c => runtime.Proxmox.Cluster.ResourcesAsync("vm", c), ct);
        if (!guests.IsSuccess || guests.Data is null)
        {
            throw new TransientRuntimeException($"The cluster did not list its guests: {guests.Error}");
        }

        return guests.Data.FirstOrDefault(g => g.Vmid == vmid)?.Node;
    }
}
