using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Where a server's clone, start or destroy stands on the runtime, read before such a call is sent again (its answer
/// may have been lost after Proxmox acted on it): the decisions, from what Proxmox shows, and the reads behind them.
/// </summary>
public static class TaskTraces
{
    /// <summary>
    /// A clone to the server's VMID. Proxmox writes the target's config (with the description naming the server, and
    /// lock <c>create</c>) before it answers and takes the lock off when the copy is done; a failed copy removes the
    /// config. A container that does not name this server is not this clone's work and is never taken over.
    /// </summary>
    public static TaskTrace Clone(LxcConfig? target, int serverId, Upid? runningClone) =>
        target is null || ContainerFacts.ServerIdIn(target.Description) != serverId ? TaskTrace.None
        : target.Lock == "create" ? TaskTrace.Underway(runningClone)
        : TaskTrace.Done;

    /// <summary>A start: its task still running, or the container running.</summary>
    public static TaskTrace Start(LxcStatus? status, Upid? runningStart) =>
        runningStart is not null ? TaskTrace.Underway(runningStart)
        : status?.IsRunning == true ? TaskTrace.Done
        : TaskTrace.None;

    /// <summary>
    /// A destroy: the container gone is done, and so is a VMID that no longer names this server (someone else's guest
    /// took it since; it is never destroyed). Proxmox marks a container being destroyed with lock <c>destroyed</c>.
    /// </summary>
    public static TaskTrace Destroy(LxcConfig? config, int serverId, Upid? runningDestroy) =>
        config is null || ContainerFacts.ServerIdIn(config.Description) != serverId ? TaskTrace.Done
        : runningDestroy is not null ? TaskTrace.Underway(runningDestroy)
        : config.Lock == "destroyed" ? TaskTrace.Underway(null)
        : TaskTrace.None;

    public static async Task<TaskTrace> CloneAsync(RuntimeCalls runtime, HostedServer server, Template template, CancellationToken ct)
    {
        // The target's config stays on the template's node while the copy runs and moves to the server's node at the end.
        var target = await ConfigAsync(runtime, server.Node!, server.Vmid!.Value, ct);
        if (target is null && server.Node != template.ProxmoxNode)
        {
            target = await ConfigAsync(runtime, template.ProxmoxNode, server.Vmid.Value, ct);
        }

        // A clone's task carries the template's VMID; the template's disk lock lets only one of its clones run at a time.
        var running = target?.Lock == "create" ? await RunningTaskAsync(runtime, template.ProxmoxNode, "vzclone", template.ProxmoxVmid, ct) : null;
        return Clone(target, server.Id, running);
    }

    public static async Task<TaskTrace> StartAsync(RuntimeCalls runtime, string node, int vmid, CancellationToken ct)
    {
        var running = await RunningTaskAsync(runtime, node, "vzstart", vmid, ct);
        var status = await runtime.CallAsync("read container status", c => runtime.Proxmox.Nodes[node].Lxc[vmid].Status.Current.GetAsync(c), ct);
        if (!status.IsSuccess && status.Error!.Kind != ProxmoxErrorKind.NotFound)
        {
            throw RuntimeCalls.Permanent("read container status", status.Error);
        }

        return Start(status.Data, running);
    }

    public static async Task<TaskTrace> DestroyAsync(RuntimeCalls runtime, string node, int vmid, int serverId, CancellationToken ct)
    {
        var config = await ConfigAsync(runtime, node, vmid, ct);
        var running = config is null ? null : await RunningTaskAsync(runtime, node, "vzdestroy", vmid, ct);
        return Destroy(config, serverId, running);
    }

    private static async Task<LxcConfig?> ConfigAsync(RuntimeCalls runtime, string node, int vmid, CancellationToken ct)
    {
        var config = await runtime.CallAsync("read container config", c => runtime.Proxmox.Nodes[node].Lxc[vmid].Config.GetAsync(c), ct);
        if (config.Error?.Kind == ProxmoxErrorKind.NotFound)
        {
            return null;
        }

        return config.IsSuccess ? config.Data : throw RuntimeCalls.Permanent("read container config", config.Error);
    }

    private static async Task<Upid?> RunningTaskAsync(RuntimeCalls runtime, string node, string type, int vmid, CancellationToken ct)
    {
        var tasks = await runtime.CallAsync("list running tasks",
            c => runtime.Proxmox.Nodes[node].Tasks.GetAsync(vmid: vmid, typeFilter: type, source: "active", ct: c), ct);
        if (!tasks.IsSuccess)
        {
            throw RuntimeCalls.Permanent("list running tasks", tasks.Error);
        }

        return tasks.Data?.FirstOrDefault(t => t.IsRunning) is { } task && Upid.TryParse(task.Upid, out var upid) ? upid : null;
    }
}
