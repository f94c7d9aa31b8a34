namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>A container's state as the cluster last reported it.</summary>
public sealed record GuestStatus(int Vmid, string Node, string Status, double CpuFraction, double Cores, long MemoryBytes, long MaxMemoryBytes, long DiskBytes, long MaxDiskBytes, string? Tags);

/// <summary>The last successful read of the cluster, or since when it has been unreachable.</summary>
public sealed record RuntimeSnapshot(IReadOnlyDictionary<int, GuestStatus> Guests, DateTimeOffset? ReadAt, DateTimeOffset? UnreachableSince)
{
    public static readonly RuntimeSnapshot Empty = new(new Dictionary<int, GuestStatus>(), null, null);
}
