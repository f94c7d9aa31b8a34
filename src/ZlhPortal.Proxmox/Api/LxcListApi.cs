using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc</c>.</summary>
public sealed class LxcListApi(ProxmoxClient client, string path)
{
    public LxcApi this[int vmid] => new(client, path, vmid);

    public Task<ProxmoxResult<IReadOnlyList<LxcListItem>>> GetAsync(CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<LxcListItem>>(path, null, ct);

    /// <summary><c>POST /nodes/{node}/lxc</c> with <c>restore=1</c>: starts a <c>vzrestore</c> task.</summary>
    public Task<ProxmoxResult<Upid>> RestoreAsync(LxcRestoreRequest request, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(path, new ProxmoxParameters()
            .Add("vmid", request.Vmid)
            .Add("ostemplate", request.Archive)
            .Add("restore", true)
            .Add("force", request.Force ? true : null)
            .Add("storage", request.Storage)
            .Add("unique", request.Unique), ct);
}
