namespace ZlhPortal.Web.Features.Catalog;

/// <summary>A base image servers are cloned from (a Proxmox LXC template in the 200–299 range) and how its agent is configured.</summary>
public sealed class Template
{
    public const int SlugMaxLength = 50;

    public int Id { get; set; }

    /// <summary>Stable identifier used by the API (e.g. <c>minecraft-paper</c>).</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    public ServerKind Kind { get; set; }

    /// <summary>The Proxmox template's VMID.</summary>
    public int ProxmoxVmid { get; set; }

    /// <summary>Node that holds the template.</summary>
    public string ProxmoxNode { get; set; } = "pve1";

    /// <summary>Agent settings: for games the game (<c>minecraft</c>) and variant (<c>paper</c>); for dev servers the runtime (<c>node</c>).</summary>
    public string Game { get; set; } = "";

    public string Variant { get; set; } = "";

    public string DefaultVersion { get; set; } = "";

    /// <summary>The versions a server of this template may run, newest first; the default is always one of them.</summary>
    public List<string> Versions { get; set; } = [];

    /// <summary>The versions offered: the list, with the default added when an admin left it out.</summary>
    public IReadOnlyList<string> OfferedVersions => Versions.Contains(DefaultVersion) ? Versions : [DefaultVersion, .. Versions];

    /// <summary>Main port players connect to (games), or 0.</summary>
    public int GamePort { get; set; }

    /// <summary>The game port's transport, <c>tcp</c> or <c>udp</c>: what the edge publishes and the page tells players.</summary>
    public string Protocol { get; set; } = "tcp";

    /// <summary>Smallest plan memory the template runs in.</summary>
    public int MinMemoryMb { get; set; }

    /// <summary>Smallest disk the template fits on (its own root disk).</summary>
    public int MinDiskGb { get; set; }

    public bool Active { get; set; } = true;

    public int DisplayOrder { get; set; }

    /// <summary>The only plans the template is sold on, when staff named some; empty: every plan of its kind that is big enough.</summary>
    public List<int> AllowedPlanIds { get; set; } = [];

    public bool Fits(Plan plan) =>
        plan.Kind == Kind && plan.MemoryMb >= MinMemoryMb && plan.DiskGb >= MinDiskGb && (AllowedPlanIds.Count == 0 || AllowedPlanIds.Contains(plan.Id));
}
