using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/cluster</c>.</summary>
public sealed class ClusterApi(ProxmoxClient client)
{
    /// <summary><c>GET /cluster/resources</c>; <paramref name="type"/> is <c>vm</c>, <c>node</c>, <c>storage</c> or null for all.</summary>
    public Task<ProxmoxResult<IReadOnlyList<ClusterResource>>> ResourcesAsync(string? type = "vm", CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<ClusterResource>>("cluster/resources", new ProxmoxParameters().Add("type", type), ct);

    /// <summary>
    /// <c>GET /cluster/nextid</c>: the lowest free id, or with <paramref name="vmid"/> that id if free
    /// (else <see cref="ProxmoxErrorKind.AlreadyExists"/>). Nothing is reserved: a later create can still collide.
    /// </summary>
    public Task<ProxmoxResult<int>> NextIdAsync(int? vmid = null, CancellationToken ct = default) =>
        client.GetAsync<int>("cluster/nextid", new ProxmoxParameters().Add("vmid", vmid), ct);
}
