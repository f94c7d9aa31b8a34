namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>A container's state as the cluster last reported it.</summary>
public sealed record GuestStatus(int Vmid, string Node, string Status, double CpuFraction, double Cores, long MemoryBytes, long MaxMemoryBytes, long DiskBytes, long MaxDiskBytes, string? Tags);
