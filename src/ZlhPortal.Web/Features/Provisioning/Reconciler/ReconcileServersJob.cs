using System.Linq.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>
/// Compares the database with the cluster: resumes servers whose work stopped (a crash, a lost job), clears power
/// operations that never finished, and reports containers with this portal's tag that no server owns and servers
/// whose container vanished. It never touches a container without the portal's tag.
/// </summary>
public sealed class ReconcileServersJob(
    IDbContextFactory<AppDbContext> dbFactory, ProxmoxClient proxmox, IBackgroundJobClient jobs, ReconcilerFindings findings, ServerStore store, ServerLocks locks,
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
                default:
                    // A power operation that never reported back: free the slot so the owner can act again.
                    await store.UpdateAsync(server.Id, s =>
                    {
                        s.Operation = ServerOperation.None;
                        s.OperationStartedAt = null;
                    }, ct);
                    break;
            }
        }

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
        var found = new List<ReconcilerFinding>();
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

        findings.Replace(found, now);
    }

    private static HashSet<string> Tags(string? tags) => (tags ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
}
