using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/storage/{storage}</c>.</summary>
public sealed class StorageApi(ProxmoxClient client, string path)
{
    /// <summary><c>GET …/content</c>; <paramref name="content"/> is e.g. <c>backup</c> or <c>vztmpl</c>.</summary>
    public Task<ProxmoxResult<IReadOnlyList<StorageContentItem>>> ContentAsync(string? content = null, int? vmid = null, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<StorageContentItem>>(path + "/content", new ProxmoxParameters().Add("content", content).Add("vmid", vmid), ct);

    /// <summary>
    /// <c>PUT …/content/{volume}</c>: a backup's notes and protection (a protected backup cannot be removed, by hand or
    /// by pruning). Synchronous; returns null.
    /// </summary>
    public Task<ProxmoxResult<object>> SetVolumeAsync(string volId, string? notes = null, bool? isProtected = null, CancellationToken ct = default) =>
        client.SetAsync<object>(VolumePath(volId), new ProxmoxParameters().Add("notes", notes).Add("protected", isProtected), ct);

    /// <summary><c>DELETE …/content/{volume}</c>: starts an <c>imgdel</c> task. Proxmox refuses a protected backup.</summary>
    public Task<ProxmoxResult<Upid>> DeleteVolumeAsync(string volId, CancellationToken ct = default) =>
        client.DeleteAsync<Upid>(VolumePath(volId), null, ct);

    private string VolumePath(string volId) => path + "/content/" + ProxmoxClient.Segment(volId);
}
