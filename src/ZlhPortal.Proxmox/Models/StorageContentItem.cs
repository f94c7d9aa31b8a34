namespace ZlhPortal.Proxmox.Models;

/// <summary>An entry of <c>GET /nodes/{node}/storage/{storage}/content</c>.</summary>
public sealed record StorageContentItem
{
    /// <summary><c>local:backup/vzdump-lxc-105-….tar.zst</c>.</summary>
    public string VolId { get; init; } = "";

    /// <summary><c>backup</c>, <c>vztmpl</c>, <c>rootdir</c>, …</summary>
    public string Content { get; init; } = "";

    public string? Format { get; init; }

    public long Size { get; init; }

    public long CTime { get; init; }

    public int? Vmid { get; init; }

    public string? Subtype { get; init; }

    public string? Notes { get; init; }

    public bool Protected { get; init; }
}
