namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/tasks</c>.</summary>
public sealed class TasksApi(ProxmoxClient client, string path)
{
    public TaskApi this[Upid upid] => new(client, path + "/" + ProxmoxClient.Segment(upid.Value));

    public TaskApi this[string upid] => new(client, path + "/" + ProxmoxClient.Segment(upid));
}
