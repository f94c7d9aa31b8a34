namespace ZlhPortal.Proxmox.Models;

/// <summary><c>GET /nodes/{node}/lxc/{vmid}/status/current</c>. A stopped CT reports cpu, mem and uptime as 0.</summary>
public sealed record LxcStatus
{
    public int Vmid { get; init; }

    public string? Name { get; init; }

    /// <summary><c>running</c> or <c>stopped</c>.</summary>
    public string Status { get; init; } = "";

    public string? Lock { get; init; }

    public string? Tags { get; init; }

    public bool Template { get; init; }

    public double Cpu { get; init; }

    public double Cpus { get; init; }

    public long Mem { get; init; }

    public long MaxMem { get; init; }

    public long Swap { get; init; }

    public long MaxSwap { get; init; }

    public long Disk { get; init; }

    public long MaxDisk { get; init; }

    public long Uptime { get; init; }

    public long NetIn { get; init; }

    public long NetOut { get; init; }

    public long DiskRead { get; init; }

    public long DiskWrite { get; init; }

    public int? Pid { get; init; }

    public bool IsRunning => Status == "running";
}
