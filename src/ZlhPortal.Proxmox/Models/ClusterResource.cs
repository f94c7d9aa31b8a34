namespace ZlhPortal.Proxmox.Models;

/// <summary>An entry of <c>GET /cluster/resources</c>. Statistics lag by up to 10 s; existence and lock are current.</summary>
public sealed record ClusterResource
{
    /// <summary><c>lxc/105</c>, <c>qemu/100</c>, <c>node/pve1</c>, <c>storage/pve1/local</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary><c>lxc</c>, <c>qemu</c>, <c>node</c>, <c>storage</c> (the filter value <c>vm</c> never appears here).</summary>
    public string Type { get; init; } = "";

    public int Vmid { get; init; }

    public string Node { get; init; } = "";

    public string? Name { get; init; }

    /// <summary><c>running</c>, <c>stopped</c>, or <c>unknown</c> until statistics arrive.</summary>
    public string Status { get; init; } = "";

    public bool Template { get; init; }

    public string? Lock { get; init; }

    public string? Tags { get; init; }

    public string? Pool { get; init; }

    public string? Storage { get; init; }

    public double Cpu { get; init; }

    public double MaxCpu { get; init; }

    public long Mem { get; init; }

    public long MaxMem { get; init; }

    public long Disk { get; init; }

    public long MaxDisk { get; init; }

    public long Uptime { get; init; }

    public long NetIn { get; init; }

    public long NetOut { get; init; }
}
