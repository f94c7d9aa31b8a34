using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc/{vmid}/snapshot</c>.</summary>
public sealed class LxcSnapshotsApi(ProxmoxClient client, string path)
{
    public LxcSnapshotApi this[string name] => new(client, path + "/" + ProxmoxClient.Segment(name));

    /// <summary>The snapshots plus the pseudo-entry <c>current</c>.</summary>
    public Task<ProxmoxResult<IReadOnlyList<LxcSnapshot>>> GetAsync(CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<LxcSnapshot>>(path, null, ct);

    /// <summary><paramref name="name"/> must match <c>[a-z][a-z0-9_-]+</c>.</summary>
    public Task<ProxmoxResult<Upid>> CreateAsync(string name, string? description = null, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(path, new ProxmoxParameters().Add("snapname", name).Add("description", description), ct);
}
