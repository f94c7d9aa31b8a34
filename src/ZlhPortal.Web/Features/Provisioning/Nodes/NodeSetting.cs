namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>
/// What staff decided about one cluster node (the nodes themselves come from the cluster read). A draining node gets
/// no new servers; those on it keep running, restarting and restoring where they are.
/// </summary>
public sealed class NodeSetting
{
    public const int NameMaxLength = 64;

    public const int ReasonMaxLength = 200;

    /// <summary>The Proxmox node name, e.g. <c>pve1</c>.</summary>
    public string Name { get; set; } = "";

    public bool Draining { get; set; }

    public string? DrainReason { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The email of the staff member who last changed it.</summary>
    public string ChangedBy { get; set; } = "";
}
