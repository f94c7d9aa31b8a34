namespace ZlhPortal.Proxmox.Models;

/// <summary>One sample of <c>GET …/rrddata</c>. Members are null where the RRD has no value yet.</summary>
public sealed record RrdDataPoint
{
    public long Time { get; init; }

    public double? Cpu { get; init; }

    public double? MaxCpu { get; init; }

    public double? Mem { get; init; }

    public double? MaxMem { get; init; }

    public double? Disk { get; init; }

    public double? MaxDisk { get; init; }

    public double? NetIn { get; init; }

    public double? NetOut { get; init; }

    public double? DiskRead { get; init; }

    public double? DiskWrite { get; init; }
}
