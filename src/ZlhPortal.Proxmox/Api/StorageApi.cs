using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/storage/{storage}</c>.</summary>
public sealed class StorageApi(ProxmoxClient client, string path)
{
    /// <summary><c>GET …/content</c>; <paramref name="content"/> is e.g. <c>backup</c> or <c>vztmpl</c>.</summary>
    public Task<ProxmoxResult<IReadOnlyList<StorageContentItem>>> ContentAsync(string? content = null, int? vmid = null, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<StorageContentItem>>(path + "/content", new ProxmoxParameters().Add("content", content).Add("vmid", vmid), ct);
}
