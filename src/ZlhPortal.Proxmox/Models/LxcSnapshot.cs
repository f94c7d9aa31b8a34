namespace ZlhPortal.Proxmox.Models;

/// <summary>An entry of <c>GET …/snapshot</c>. The list always ends with a pseudo-entry named <c>current</c>.</summary>
public sealed record LxcSnapshot
{
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public long SnapTime { get; init; }

    public string? Parent { get; init; }

    public bool IsCurrent => Name == "current";
}
