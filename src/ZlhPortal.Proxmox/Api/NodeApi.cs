using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}</c>.</summary>
public sealed class NodeApi
{
    private readonly ProxmoxClient client;

    internal NodeApi(ProxmoxClient client, string node)
    {
        this.client = client;
        Node = node;
        Path = "nodes/" + ProxmoxClient.Segment(node);
        Status = new GetEndpoint<NodeStatus>(client, Path + "/status");
        Lxc = new LxcListApi(client, Path + "/lxc");
        Tasks = new TasksApi(client, Path + "/tasks");
        Storage = new StoragesApi(client, Path + "/storage");
    }

    public string Node { get; }

    public string Path { get; }

    public GetEndpoint<NodeStatus> Status { get; }

    public LxcListApi Lxc { get; }

    public TasksApi Tasks { get; }

    public StoragesApi Storage { get; }

    /// <summary><c>POST /nodes/{node}/vzdump</c>. Returns null data (with success) when the guest is not on this node.</summary>
    public Task<ProxmoxResult<Upid>> VzdumpAsync(VzdumpRequest request, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(Path + "/vzdump", new ProxmoxParameters()
            .Add("vmid", request.Vmid)
            .Add("storage", request.Storage)
            .Add("mode", request.Mode)
            .Add("compress", request.Compress)
            .Add("notes-template", request.NotesTemplate), ct);
}
