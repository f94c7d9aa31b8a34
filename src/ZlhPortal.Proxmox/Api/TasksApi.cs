using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/tasks</c>.</summary>
public sealed class TasksApi(ProxmoxClient client, string path)
{
    public TaskApi this[Upid upid] => new(client, path + "/" + ProxmoxClient.Segment(upid.Value));

    public TaskApi this[string upid] => new(client, path + "/" + ProxmoxClient.Segment(upid));

    /// <summary>
    /// Recent tasks on the node, newest first; <paramref name="source"/> is <c>archive</c> (finished, the
    /// default), <c>active</c> or <c>all</c>. <paramref name="vmid"/> matches the UPID's id, which for a clone is the
    /// source's vmid. Used to find work still running for a guest.
    /// </summary>
    public Task<ProxmoxResult<IReadOnlyList<TaskListItem>>> GetAsync(int? vmid = null, string? typeFilter = null, string? source = null,
        int? limit = null, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<TaskListItem>>(path, new ProxmoxParameters()
            .Add("vmid", vmid)
            .Add("typefilter", typeFilter)
            .Add("source", source)
            .Add("limit", limit), ct);
}
