using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes</c>.</summary>
public sealed class NodesApi(ProxmoxClient client)
{
    public NodeApi this[string node] => new(client, node);

    public Task<ProxmoxResult<IReadOnlyList<NodeListItem>>> GetAsync(CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<NodeListItem>>("nodes", null, ct);
}
