using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// Moves a server to another plan's resources without a reinstall: cores and memory change live on the container, the
/// disk only ever grows (a smaller plan keeps its disk). Idempotent; the server's plan is recorded once it is applied.
/// </summary>
public sealed class ResizeServerJob(
    IDbContextFactory<AppDbContext> dbFactory, RuntimeCalls runtime, ServerLocks locks, ServerEvents events, TimeProvider time, ILogger<ResizeServerJob> logger)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600])]
    public async Task RunAsync(int serverId, int planId, CancellationToken ct)
    {
        using var exclusive = await locks.EnterAsync(serverId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.FirstOrDefaultAsync(s => s.Id == serverId, ct);
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (server is null || plan is null || server.Status is ServerStatus.Deleted or ServerStatus.Deleting or ServerStatus.Failed)
        {
            return;
        }

        if (server.Node is not null && server.Vmid is { } vmid)
        {
            var lxc = runtime.Proxmox.Nodes[server.Node].Lxc[vmid];
            var set = await runtime.CallAsync("change container resources", c => lxc.Config.SetAsync(new ZlhPortal.Proxmox.Models.LxcConfigUpdate { Cores = plan.Cores, Memory = plan.MemoryMb }, c), ct);
            if (!set.IsSuccess)
            {
                throw RuntimeCalls.Permanent("change container resources", set.Error);
            }

            var config = await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct);
            if (ProvisionServerJob.RootfsSizeGb(config.Data?.RootFs) is not { } size || size < plan.DiskGb)
            {
                await runtime.RunTaskAsync("grow the disk", c => lxc.ResizeAsync("rootfs", $"{plan.DiskGb}G", c), ct);
            }
        }

        server.PlanId = plan.Id;
        server.UpdatedAt = time.GetUtcNow();
        server.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Server {ServerId} moved to plan {Plan}", serverId, plan.Slug);
        await events.PublishAsync(new ServerChanged(serverId, server.OwnerId));
    }
}
