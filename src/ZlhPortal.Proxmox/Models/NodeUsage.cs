namespace ZlhPortal.Proxmox.Models;

/// <summary>Memory, swap or root file system of a node, in bytes.</summary>
public sealed record NodeUsage
{
    public long Total { get; init; }

    public long Used { get; init; }

    public long Free { get; init; }
}
