namespace ZlhPortal.Proxmox.Models;

/// <summary>An entry of <c>GET /nodes/{node}/lxc</c>.</summary>
public sealed record LxcListItem
{
    public int Vmid { get; init; }

    public string Status { get; init; } = "";

    public string? Name { get; init; }

    public double Cpus { get; init; }

    public long MaxMem { get; init; }

    public long MaxSwap { get; init; }

    public long MaxDisk { get; init; }

    public long Mem { get; init; }

    public long Disk { get; init; }

    public long Uptime { get; init; }

    public string? Lock { get; init; }

    public string? Tags { get; init; }

    public bool Template { get; init; }
}
