namespace ZlhPortal.Proxmox.Models;

/// <summary>Flags for <c>DELETE …/lxc/{vmid}</c>.</summary>
public sealed record LxcDeleteOptions
{
    /// <summary>Also remove the guest from backup jobs, replication and HA.</summary>
    public bool Purge { get; init; }

    public bool DestroyUnreferencedDisks { get; init; }

    /// <summary>Stop a running CT first.</summary>
    public bool Force { get; init; }
}
