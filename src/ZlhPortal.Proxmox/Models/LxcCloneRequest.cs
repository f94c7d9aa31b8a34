namespace ZlhPortal.Proxmox.Models;

/// <summary>Parameters of <c>POST …/lxc/{vmid}/clone</c>.</summary>
public sealed record LxcCloneRequest(int NewId)
{
    public string? Hostname { get; init; }

    public string? Description { get; init; }

    /// <summary>Proxmox defaults to a full copy for a normal CT and a linked clone for a template.</summary>
    public bool? Full { get; init; }

    /// <summary>Target storage; full clones only.</summary>
    public string? Storage { get; init; }

    /// <summary>Target node (needs shared storage).</summary>
    public string? Target { get; init; }

    public string? Pool { get; init; }

    public string? SnapName { get; init; }
}
