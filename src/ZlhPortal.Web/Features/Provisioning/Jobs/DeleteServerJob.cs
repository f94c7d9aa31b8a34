using Hangfire;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Schedules;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Removes a server: container (stopped and destroyed), DNS records, VMID (after its cool-down), its backups; then marks
/// it Deleted and drops its schedules' recurring jobs.
/// </summary>
public sealed class DeleteServerJob(ServerStore store, ServerCleanup cleanup, BackupMaker backups, ServerLocks locks, RecurringSchedules schedules)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        // A forced delete may overtake a setup or reinstall still running here: it ends at its next step; wait for that.
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Status != ServerStatus.Deleting)
        {
            return;
        }

        await cleanup.RemoveRuntimeResourcesAsync(serverId, ct);
        await backups.RemoveAllAsync(server, ct);
        await store.FinishOperationAsync(serverId, ServerStatus.Deleted, ct);
        await schedules.RemoveForServerAsync(serverId, ct);
    }
}
