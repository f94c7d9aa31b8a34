using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>
/// Puts a backup back onto its server: a safety backup of the server as it is, then the container replaced by the
/// backup's (<c>POST /nodes/{node}/lxc</c> with <c>restore=1, force=1</c>, same VMID and storage), then set up like a new
/// one from Configure on, keeping its address, hostname, DNS and edge publication. Step by step in the server's slot, so
/// a run cut short (a crash, a lost job) is resumed where it stopped.
/// </summary>
/// <remarks>
/// The safety copy is a backup, not a snapshot: restoring over a container destroys its volumes, and its snapshots with them.
/// </remarks>
public sealed class RestoreServerJob(
    IDbContextFactory<AppDbContext> dbFactory, ServerStore store, ProvisionServerJob provisioning, BackupMaker maker, SafetyBackups safeties,
    RuntimeCalls runtime, AgentClient agents, AgentCredentials credentials, ServerLocks locks, TimeProvider time, ILogger<RestoreServerJob> logger)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Operation != ServerOperation.Restore)
        {
            return;
        }

        var source = await SourceAsync(serverId, ct);
        if (source?.VolId is null)
        {
            logger.LogWarning("Restore of server {ServerId} has no backup to restore; the operation is dropped", serverId);
            await store.UpdateAsync(serverId, s =>
            {
                s.Operation = ServerOperation.None;
                s.OperationStartedAt = null;
            }, ct);
            return;
        }

        var result = await StepSequence.RunAsync(store, server, ServerSteps.Restore, s => s.Operation == ServerOperation.Restore, step => step switch
        {
            ProvisioningStep.SafetyBackup => safeties.MakeAsync(server, $"Before restoring {source.Name}", "restore", source.Id, ct),
            ProvisioningStep.Restore => RestoreAsync(server, source, ct),
            ProvisioningStep.StartGame => StartGameAsync(serverId, ct),
            _ => provisioning.RunStepAsync(step, serverId, reinstall: false, ct),
        }, ct);
        if (result.Failure is { } failure)
        {
            var step = result.FailedStep!.Value;
            logger.LogWarning("Restore of server {ServerId} failed at {Step}: {Detail}", serverId, step, failure.Message);
            var nothingChanged = step == ProvisioningStep.SafetyBackup;
            var safety = await safeties.FindAsync(server, ct);
            await maker.UpdateAsync(source.Id, server, b => b.RestoreRequestedAt = null, ct);
            await store.StepOperationFailedAsync(serverId, step, nothingChanged
                    ? $"{failure.CustomerReason} Nothing was changed."
                    : safety is { State: BackupState.Ready }
                        ? $"{failure.CustomerReason} Your server as it was before the restore is kept in backup '{safety.Name}'."
                        : failure.CustomerReason,
                failure.Message, nothingChanged, HistoryKind.Restore, $"The restore of '{source.Name}' failed: {failure.CustomerReason}", ct);
            return;
        }

        if (!result.Completed)
        {
            return;
        }

        await maker.UpdateAsync(source.Id, server, b =>
        {
            b.RestoreRequestedAt = null;
            b.LastRestoredAt = time.GetUtcNow();
        }, ct);
        await store.FinishOperationAsync(serverId, ServerStatus.Running, ct);
        logger.LogInformation("Server {ServerId} restored from backup {BackupId}", serverId, source.Id);
    }

    private async Task<ServerBackup?> SourceAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServerBackups.AsNoTracking().Where(b => b.ServerId == serverId && b.RestoreRequestedAt != null)
            .OrderByDescending(b => b.RestoreRequestedAt).FirstOrDefaultAsync(ct);
    }

    private async Task<string?> RestoreAsync(HostedServer server, ServerBackup source, CancellationToken ct)
    {
        if (server.Node is null || server.Vmid is not { } vmid)
        {
            throw new ProvisioningException("This server has no container to restore onto.", $"Server {server.Id} has no node or VMID.");
        }

        var node = runtime.Proxmox.Nodes[server.Node];
        var lxc = node.Lxc[vmid];
        var status = await runtime.CallAsync("read container status", c => lxc.Status.Current.GetAsync(c), ct);
        if (status.Data?.Status == "running")
        {
            if (server.IpAddress is not null)
            {
                // Let the game save and stop cleanly before its container goes.
                await agents.PowerAsync(server.IpAddress, credentials.Reveal(server.AgentCredentialProtected), "stop", ct);
            }

            await runtime.RunTaskAsync("stop container", c => lxc.Status.Stop.CreateAsync(c), ct);
        }

        var config = await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct);
        var storage = config.Data?.RootFs?.Split(':', 2)[0];
        try
        {
            await runtime.RunTaskAsync($"restore container {vmid}",
                c => node.Lxc.RestoreAsync(new LxcRestoreRequest(vmid, source.VolId!) { Force = true, Storage = storage }, c), ct);
        }
        catch (TaskFailedException e)
        {
            throw new ProvisioningException("The backup could not be restored. Our team has been told.", e.Message);
        }

        return $"Backup '{source.Name}' of {source.RequestedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC restored.";
    }

    /// <summary>The restored agent has its settings and files back: it is started, not installed (unless the backup predates the install).</summary>
    private async Task<string?> StartGameAsync(int serverId, CancellationToken ct)
    {
        var server = (await store.LoadAsync(serverId, ct))!;
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        var status = await agents.GetStatusAsync(server.IpAddress!, credential, ct);
        if (status is { State: "running" or "starting" or "installing" })
        {
            return "Game already running.";
        }

        if (status is { Configured: false })
        {
            return await provisioning.RunStepAsync(ProvisioningStep.PushConfig, serverId, reinstall: false, ct);
        }

        if (!await agents.PowerAsync(server.IpAddress!, credential, "start", ct))
        {
            throw new TransientRuntimeException($"The agent at {server.IpAddress} did not take the start.");
        }

        return "Game started.";
    }
}
