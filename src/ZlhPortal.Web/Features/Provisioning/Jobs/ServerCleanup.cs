using Microsoft.EntityFrameworkCore;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>Removes what a server had on the runtime (container, DNS records, VMID) after a failure or on delete.</summary>
public sealed class ServerCleanup(
    ServerStore store, RuntimeCalls runtime, ServerPublishing publishing, PlanCatalog catalog, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time,
    IEnumerable<IServerSetupFailureHandler> failureHandlers, ServerHistory history, ILogger<ServerCleanup> logger)
{
    /// <summary>
    /// Marks the server Failed with a reason for the customer and detail for admins, then removes what it created.
    /// Every step goes back to pending (a retry starts from a clean slate) except the failed one keeps its message.
    /// </summary>
    public async Task FailAsync(int serverId, ProvisioningStep failedStep, string reason, string detail, CancellationToken ct)
    {
        // The operation slot stays taken until the cleanup below is done, so nothing new starts on half-removed resources.
        await store.UpdateAsync(serverId, server =>
        {
            server.Status = ServerStatus.Failed;
            server.FailureReason = reason;
            server.FailureDetail = detail.Length > 2000 ? detail[..2000] : detail;
            var step = server.Steps.First(s => s.Step == failedStep);
            step.State = StepState.Failed;
            step.FinishedAt = time.GetUtcNow();
            step.Message = ServerStore.Truncate(reason);
        }, ct);
        await history.RecordAsync(serverId, HistoryKind.Setup, HistoryActors.Platform, $"Setup failed: {reason}", ct);

        try
        {
            await RemoveRuntimeResourcesAsync(serverId, ct);
            await store.UpdateAsync(serverId, server =>
            {
                foreach (var step in server.Steps.Where(s => s.Step != failedStep))
                {
                    step.State = StepState.Pending;
                    step.Attempts = 0;
                    step.StartedAt = null;
                    step.FinishedAt = null;
                }
            }, ct);
        }
        catch (Exception e) when (e is TransientRuntimeException or ProvisioningException or TaskFailedException or HttpRequestException)
        {
            // The reconciler finds what is left (the container carries our tag and the server id).
            logger.LogWarning("Cleanup after failure of server {ServerId} incomplete: {Error}", serverId, e.Message);
        }
        finally
        {
            await store.UpdateAsync(serverId, server =>
            {
                server.Operation = ServerOperation.None;
                server.OperationStartedAt = null;
            }, CancellationToken.None);
        }

        foreach (var handler in failureHandlers)
        {
            try
            {
                await handler.OnSetupFailedAsync(serverId, reason, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Handling the failure of server {ServerId} failed; the billing run retries it", serverId);
            }
        }
    }

    /// <summary>Closes the server at the edge (giving its port back), destroys the container (if it is this server's), removes DNS records and releases the VMID.</summary>
    public async Task RemoveRuntimeResourcesAsync(int serverId, CancellationToken ct)
    {
        var server = (await store.LoadAsync(serverId, ct))!;
        var template = await catalog.GetTemplateAsync(server.TemplateId, ct);
        await publishing.UnpublishAsync(server, template, releasePort: true, ct);
        if (server.Hostname is not null)
        {
            await publishing.RemoveDnsAsync(server, template, ct);
        }

        if (server.Node is not null && server.Vmid is { } vmid)
        {
            await DestroyContainerAsync(server.Node, vmid, serverId, ct);
            await ReleaseVmidAsync(serverId, vmid, ct);
        }
    }

    /// <summary>Stops and destroys the container with this VMID, but only if its description names this server.</summary>
    public async Task DestroyContainerAsync(string node, int vmid, int serverId, CancellationToken ct)
    {
        var lxc = runtime.Proxmox.Nodes[node].Lxc[vmid];
        var config = await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct);
        if (config.Error?.Kind == ProxmoxErrorKind.NotFound)
        {
            return;
        }

        if (!config.IsSuccess)
        {
            throw RuntimeCalls.Permanent("read container config", config.Error);
        }

        if (ContainerFacts.ServerIdIn(config.Data?.Description) != serverId)
        {
            logger.LogWarning("Not destroying container {Vmid} on {Node}: it does not belong to server {ServerId}", vmid, node, serverId);
            return;
        }

        await runtime.RunTaskAsync($"destroy container {vmid}",
            c => lxc.DeleteAsync(new LxcDeleteOptions { Purge = true, DestroyUnreferencedDisks = true, Force = true }, c),
            c => TaskTraces.DestroyAsync(runtime, node, vmid, serverId, c), ct);
    }

    /// <summary>Admin decision on a reconciler finding: destroy a container that carries this portal's tag and no live server owns.</summary>
    public async Task<string> DestroyOrphanAsync(string node, int vmid, string instanceTag, CancellationToken ct)
    {
        var lxc = runtime.Proxmox.Nodes[node].Lxc[vmid];
        var config = await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct);
        if (!config.IsSuccess)
        {
            return config.Error?.Kind == ProxmoxErrorKind.NotFound ? "The container is already gone." : $"Could not read the container: {config.Error}";
        }

        var tags = (config.Data?.Tags ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (!tags.Contains(instanceTag))
        {
            return "That container does not carry this portal's tag; it was left alone.";
        }

        await runtime.RunTaskAsync($"destroy orphan {vmid}",
            c => lxc.DeleteAsync(new LxcDeleteOptions { Purge = true, DestroyUnreferencedDisks = true, Force = true }, c), ct);
        logger.LogWarning("Orphan container {Vmid} on {Node} destroyed by an admin", vmid, node);
        return $"Container {vmid} destroyed.";
    }

    private async Task ReleaseVmidAsync(int serverId, int vmid, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var release = await db.VmidReleases.FindAsync([vmid], ct);
        if (release is null)
        {
            db.VmidReleases.Add(new VmidRelease { Vmid = vmid, ReleasedAt = time.GetUtcNow() });
        }
        else
        {
            release.ReleasedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        await store.ForgetContainerAsync(serverId, ct);
    }
}
