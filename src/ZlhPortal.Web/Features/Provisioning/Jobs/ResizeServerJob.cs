using Hangfire;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Moves a server to another plan's resources without a reinstall: cores and memory change live on the container, the
/// disk only ever grows (a smaller plan keeps its disk). Idempotent; the server's plan is recorded once it is applied.
/// </summary>
public sealed class ResizeServerJob(
    ServerStore store, PlanCatalog catalog, RuntimeCalls runtime, ServerLocks locks, ServerHistory history, ILogger<ResizeServerJob> logger)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600])]
    public async Task RunAsync(int serverId, int planId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        var plan = await catalog.GetPlanAsync(planId, ct);
        if (server is null || plan is null || server.Status is ServerStatus.Deleted or ServerStatus.Deleting or ServerStatus.Failed)
        {
            return;
        }

        if (server.Node is not null && server.Vmid is { } vmid)
        {
            var lxc = runtime.Proxmox.Nodes[server.Node].Lxc[vmid];
            var set = await runtime.CallAsync("change container resources", c => lxc.Config.SetAsync(new LxcConfigUpdate { Cores = plan.Cores, Memory = plan.MemoryMb }, c), ct);
            if (!set.IsSuccess)
            {
                throw RuntimeCalls.Permanent("change container resources", set.Error);
            }

            var config = await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct);
            if (ContainerFacts.RootfsSizeGb(config.Data?.RootFs) is not { } size || size < plan.DiskGb)
            {
                await runtime.RunTaskAsync("grow the disk", c => lxc.ResizeAsync("rootfs", $"{plan.DiskGb}G", c), ct);
            }
        }

        await store.UpdateAsync(serverId, s =>
        {
            s.PlanId = plan.Id;
            if (s.DesiredPlanId == plan.Id)
            {
                s.DesiredPlanId = null;
            }
        }, ct);
        await history.RecordAsync(serverId, HistoryKind.Plan, HistoryActors.Platform,
            $"Moved to the {plan.Name} plan: {plan.Cores} cores, {plan.MemoryMb} MB memory, {plan.DiskGb} GB disk.", ct, onceKey: $"plan:{plan.Id}:{server.UpdatedAt.ToUnixTimeMilliseconds()}");
        logger.LogInformation("Server {ServerId} moved to plan {Plan}", serverId, plan.Slug);
    }
}
