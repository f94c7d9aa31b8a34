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
    }

    public string Node { get; }

    public string Path { get; }

    public GetEndpoint<NodeStatus> Status => new(client, Path + "/status");

    public LxcListApi Lxc => new(client, Path + "/lxc");

    public TasksApi Tasks => new(client, Path + "/tasks");

    public StoragesApi Storage => new(client, Path + "/storage");

    /// <summary><c>POST /nodes/{node}/vzdump</c>. Returns null data (with success) when the guest is not on this node.</summary>
    public Task<ProxmoxResult<Upid>> VzdumpAsync(VzdumpRequest request, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(Path + "/vzdump", new ProxmoxParameters()
            .Add("vmid", request.Vmid)
            .Add("storage", request.Storage)
            .Add("mode", request.Mode)
            .Add("compress", request.Compress)
            .Add("notes-template", request.NotesTemplate)
            .Add("protected", request.Protected), ct);
}
