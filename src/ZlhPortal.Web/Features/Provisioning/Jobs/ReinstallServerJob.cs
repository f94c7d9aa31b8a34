using Hangfire;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Reinstalls a server in its own container: the game or runtime is stopped, the container is snapshotted (the
/// customer's way back), then the provisioning steps from Configure on run again with the settings delivered anew,
/// so the agent installs from scratch. The container, its VMID, address and DNS names stay as they are.
/// </summary>
/// <remarks>
/// Re-cloning the template into the same VMID, or restoring over it with <c>force=1</c>, would keep the VMID too, but
/// Proxmox destroys a container's snapshots together with its volumes, so the snapshot taken first would be gone
/// the moment it is needed. Keeping the container keeps the snapshot, and <c>POST …/snapshot/{name}/rollback</c> undoes
/// the reinstall.
/// </remarks>
public sealed class ReinstallServerJob(
    ServerStore store, ProvisionServerJob provisioning, RuntimeCalls runtime, AgentClient agents, AgentCredentials credentials, ServerLocks locks,
    ILogger<ReinstallServerJob> logger)
{
    /// <summary>The reinstall's timeline: the snapshot, then provisioning's steps from Configure on.</summary>
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Operation != ServerOperation.Reinstall)
        {
            return;
        }

        var result = await StepSequence.RunAsync(store, server, ServerSteps.Reinstall, s => s.Operation == ServerOperation.Reinstall,
            step => step == ProvisioningStep.Snapshot ? SnapshotAsync(server, ct) : provisioning.RunStepAsync(step, serverId, reinstall: true, ct), ct);
        if (result.Failure is { } failure)
        {
            var step = result.FailedStep!.Value;
            logger.LogWarning("Reinstall of server {ServerId} failed at {Step}: {Detail}", serverId, step, failure.Message);
            var nothingChanged = step == ProvisioningStep.Snapshot;
            await store.StepOperationFailedAsync(serverId, step, nothingChanged
                    ? "The snapshot could not be taken, so nothing was changed. Our team has been told."
                    : $"{failure.CustomerReason} Your data before the reinstall is kept in snapshot {SnapshotName(server)}.",
                failure.Message, nothingChanged, HistoryKind.Reinstall, $"The reinstall failed: {failure.CustomerReason}", ct);
            return;
        }

        if (!result.Completed)
        {
            return;
        }

        await store.FinishOperationAsync(serverId, ServerStatus.Running, ct);
        logger.LogInformation("Server {ServerId} reinstalled", serverId);
    }

    /// <summary>One name per reinstall request, so a repeated run finds the snapshot it already took.</summary>
    public static string SnapshotName(HostedServer server) =>
        $"reinstall-{(server.OperationStartedAt ?? server.UpdatedAt).UtcDateTime:yyyyMMdd-HHmmss}";

    private async Task<string?> SnapshotAsync(HostedServer server, CancellationToken ct)
    {
        if (server.Node is null || server.Vmid is null)
        {
            throw new ProvisioningException("This server has no container to reinstall.", $"Server {server.Id} has no node or VMID.");
        }

        var name = SnapshotName(server);
        var lxc = runtime.Proxmox.Nodes[server.Node].Lxc[server.Vmid.Value];
        var existing = await runtime.CallAsync("list snapshots", c => lxc.Snapshot.GetAsync(c), ct);
        if (existing.Data?.Any(s => s.Name == name) == true)
        {
            return $"Snapshot {name} taken.";
        }

        if (server.IpAddress is not null)
        {
            // Let the game save its world so the snapshot holds a consistent copy.
            await agents.PowerAsync(server.IpAddress, credentials.Reveal(server.AgentCredentialProtected), "stop", ct);
        }

        try
        {
            await runtime.RunTaskAsync($"snapshot container {server.Vmid}",
                c => lxc.Snapshot.CreateAsync(name, $"Before the reinstall requested at {server.OperationStartedAt:u}", c), ct);
        }
        catch (TaskFailedException e)
        {
            throw new ProvisioningException("The snapshot could not be taken.", e.Message);
        }

        return $"Snapshot {name} taken.";
    }
}
