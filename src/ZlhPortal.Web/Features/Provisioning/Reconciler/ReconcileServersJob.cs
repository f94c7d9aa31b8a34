using System.Linq.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Provisioning.Nodes;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>
/// Compares the database with the cluster: resumes servers whose work stopped (a crash, a lost job), clears power
/// operations that never finished, and reports containers with this portal's tag that no server owns and servers
/// whose container vanished; in Gateway mode it repairs what the edge lost. It never touches a container without the portal's tag.
/// </summary>
public sealed class ReconcileServersJob(
    IDbContextFactory<AppDbContext> dbFactory, ProxmoxClient proxmox, IBackgroundJobClient jobs, ReconcilerFindings findings, ServerStore store, ServerLocks locks,
    ServerLifecycle lifecycle, EdgeDrift edge,
    IOptions<ProvisioningOptions> provisioning, IOptions<RuntimeStatusOptions> status, TimeProvider time, ILogger<ReconcileServersJob> logger)
{
    /// <summary>Servers with work in progress; one whose <c>UpdatedAt</c> is older than <c>StuckAfter</c> is stuck.</summary>
    public static readonly Expression<Func<HostedServer, bool>> Unfinished =
        s => s.Status == ServerStatus.Provisioning || s.Status == ServerStatus.Deleting || s.Operation != ServerOperation.None;

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    public async Task RunAsync(CancellationToken ct) => await RunAsync(resumeAll: false, ct);

    /// <summary>
    /// Resumes unfinished work nobody is doing: never a server whose operation lease is held (on any instance); at once
    /// where the lease ran out (its holder died); otherwise after <c>StuckAfter</c> without progress (a lost job).
    /// </summary>
    /// <param name="resumeAll">At start-up every unfinished server nobody holds is resumed: the job queue may have lost its jobs.</param>
    public async Task RunAsync(bool resumeAll, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var stuckBefore = resumeAll ? DateTimeOffset.MaxValue : now - status.Value.StuckAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unfinished = await db.Servers.AsNoTracking()
            .Where(Unfinished)
            .Select(s => new { s.Id, s.Status, s.Operation, s.UpdatedAt })
            .ToListAsync(ct);
        var leases = await locks.StatesAsync(ct);
        var freed = new HashSet<int>();
        foreach (var server in unfinished.Where(s => leases.TryGetValue(s.Id, out var held) ? !held : s.UpdatedAt < stuckBefore))
        {
            switch (server.Status)
            {
                case ServerStatus.Provisioning:
                    logger.LogInformation("Resuming provisioning of server {ServerId}", server.Id);
                    jobs.Enqueue<ProvisionServerJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                case ServerStatus.Deleting:
                    jobs.Enqueue<DeleteServerJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                case ServerStatus.Running or ServerStatus.Stopped when server.Operation == ServerOperation.Reinstall:
                    // The snapshot is taken and settings may be half delivered: finish the reinstall rather than drop it.
                    jobs.Enqueue<ReinstallServerJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                case ServerStatus.Running or ServerStatus.Stopped when server.Operation == ServerOperation.Restore:
                    // Half restored is worse than either side: finish it (each step knows what it already did).
                    jobs.Enqueue<RestoreServerJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                case ServerStatus.Running or ServerStatus.Stopped when server.Operation == ServerOperation.ChangeVersion:
                    // The game may be stopped or half installed: finish the change (each step knows what it already did).
                    jobs.Enqueue<ChangeServerVersionJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                case ServerStatus.Stopped when server.Operation == ServerOperation.Migrate:
                    // Its migrate task is recorded once started, and the job looks where the container is first.
                    jobs.Enqueue<MigrateServerJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                case ServerStatus.Running or ServerStatus.Stopped when server.Operation == ServerOperation.Backup:
                    // Its vzdump task is recorded once started: the job waits for it rather than starting another.
                    jobs.Enqueue<BackupServerJob>(job => job.RunAsync(server.Id, CancellationToken.None));
                    break;
                default:
                    // A power operation that never reported back: free the slot so the owner can act again; what it was
                    // to do is still wanted (desired state below) and asked for again.
                    await store.UpdateAsync(server.Id, s =>
                    {
                        s.Operation = ServerOperation.None;
                        s.OperationStartedAt = null;
                    }, ct);
                    freed.Add(server.Id);
                    break;
            }
        }

        await DriveTowardDesiredStateAsync(db, leases, freed, stuckBefore, ct);
        var edgeFindings = await edge.RepairAsync(now, ct);

        var guests = await proxmox.Cluster.ResourcesAsync("vm", ct);
        if (!guests.IsSuccess || guests.Data is null)
        {
            logger.LogInformation("Reconciler skipped the cluster comparison: {Error}", guests.Error);
            return;
        }

        var live = await db.Servers.AsNoTracking()
            .Where(s => s.Vmid != null && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Failed)
            .Select(s => new { s.Id, Vmid = s.Vmid!.Value, s.Node, s.Status })
            .ToListAsync(ct);
        var byVmid = live.ToDictionary(s => s.Vmid);
        var tag = provisioning.Value.InstanceTag;
        var found = new List<ReconcilerFinding>(edgeFindings);
        foreach (var guest in guests.Data.Where(g => g.Type == "lxc" && !g.Template && Tags(g.Tags).Contains(tag) && !byVmid.ContainsKey(g.Vmid)))
        {
            found.Add(new ReconcilerFinding(FindingKind.Orphan, guest.Vmid, guest.Node, null,
                $"Container {guest.Vmid} ({guest.Name}) on {guest.Node} carries this portal's tag but belongs to no live server.", now));
        }

        var present = guests.Data.Select(g => g.Vmid).ToHashSet();
        foreach (var server in live.Where(s => s.Status is ServerStatus.Running or ServerStatus.Stopped or ServerStatus.Suspended && !present.Contains(s.Vmid)))
        {
            found.Add(new ReconcilerFinding(FindingKind.MissingContainer, server.Vmid, server.Node ?? "", server.Id,
                $"Server {server.Id} is {server.Status.ToString().ToLowerInvariant()} but its container {server.Vmid} no longer exists.", now));
        }

        await findings.ReplaceAsync(found, now, ct);
    }

    /// <summary>
    /// Servers at rest whose recorded state is not what was asked for, because the job that was to do it was lost
    /// (a restart of the embedded queue, an instance that died): the suspension, its lifting, the power state and a
    /// paid plan are requested again. Only where nobody holds the server's lease, and, except at start-up, once nothing
    /// has changed on the server for <c>StuckAfter</c>: a failing runtime is not asked again every minute.
    /// </summary>
    /// <param name="freed">Servers whose lost operation this pass just gave up on: what it was to do is asked again at once.</param>
    private async Task DriveTowardDesiredStateAsync(AppDbContext db, Dictionary<int, bool> leases, HashSet<int> freed, DateTimeOffset stuckBefore, CancellationToken ct)
    {
        var drifted = await db.Servers.AsNoTracking()
            .Where(s => s.Operation == ServerOperation.None
                && (s.Status == ServerStatus.Running || s.Status == ServerStatus.Stopped || s.Status == ServerStatus.Suspended)
                && ((s.DesiredSuspended && s.Status != ServerStatus.Suspended)
                    || (!s.DesiredSuspended && s.Status == ServerStatus.Suspended)
                    || (s.Status != ServerStatus.Suspended && s.DesiredRunning != (s.Status == ServerStatus.Running))
                    || (s.DesiredPlanId != null && s.DesiredPlanId != s.PlanId)))
            .Select(s => new { s.Id, s.Status, s.DesiredRunning, s.DesiredSuspended, s.DesiredPlanId, s.PlanId, s.UpdatedAt })
            .ToListAsync(ct);
        foreach (var server in drifted.Where(s => !leases.GetValueOrDefault(s.Id) && (freed.Contains(s.Id) || s.UpdatedAt < stuckBefore)))
        {
            var request = server switch
            {
                { DesiredSuspended: true, Status: not ServerStatus.Suspended } => await lifecycle.SuspendAsync(server.Id, ct),
                { DesiredSuspended: false, Status: ServerStatus.Suspended } => await lifecycle.UnsuspendAsync(server.Id, ct),
                { Status: not ServerStatus.Suspended } when server.DesiredRunning != (server.Status == ServerStatus.Running) =>
                    await lifecycle.PowerAsync(server.Id, null, server.DesiredRunning ? PowerAction.Start : PowerAction.Stop, ct),
                _ => null,
            };
            if (request is not null)
            {
                logger.LogInformation("Server {ServerId} is {Status} but wanted {Wanted}: asked again ({Outcome})", server.Id, server.Status,
                    server.DesiredSuspended ? "suspended" : server.DesiredRunning ? "running" : "stopped", request.Outcome);
            }

            if (server.DesiredPlanId is { } planId && planId != server.PlanId)
            {
                logger.LogInformation("Server {ServerId} has plan {PlanId} paid for but not applied: applying it", server.Id, planId);
                lifecycle.Resize(server.Id, planId);
            }
        }
    }

    private static HashSet<string> Tags(string? tags) => (tags ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
}
