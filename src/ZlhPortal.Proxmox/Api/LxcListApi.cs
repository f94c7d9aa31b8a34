using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc</c>.</summary>
public sealed class LxcListApi(ProxmoxClient client, string path)
{
    public LxcApi this[int vmid] => new(client, path, vmid);

    public Task<ProxmoxResult<IReadOnlyList<LxcListItem>>> GetAsync(CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<LxcListItem>>(path, null, ct);
}
