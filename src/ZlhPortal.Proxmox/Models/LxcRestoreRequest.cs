namespace ZlhPortal.Proxmox.Models;

/// <summary>
/// <c>POST /nodes/{node}/lxc</c> with <c>restore=1</c>: a container made from a backup. With <see cref="Force"/> it
/// replaces the stopped container of the same VMID, whose volumes (and with them its snapshots) are destroyed.
/// </summary>
public sealed record LxcRestoreRequest(int Vmid, string Archive)
{
    /// <summary>Where the root disk goes (the default storage is <c>local</c>).</summary>
    public string? Storage { get; init; }

    public bool Force { get; init; }

    /// <summary>Give the network interfaces new MAC addresses instead of the backup's.</summary>
    public bool? Unique { get; init; }
}
