namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>A container's state as the cluster last reported it.</summary>
public sealed record GuestStatus(int Vmid, string Node, string Status, double CpuFraction, double Cores, long MemoryBytes, long MaxMemoryBytes, long DiskBytes, long MaxDiskBytes, string? Tags);

/// <summary>A node as the cluster last reported it: online status, capacity (cores, bytes) and current use.</summary>
public sealed record NodeStatus(string Node, string Status, double Cores, long MaxMemoryBytes, long MaxDiskBytes, double CpuFraction, long MemoryBytes, long DiskBytes)
{
    public bool Online => Status == "online";
}

/// <summary>The last successful read of the cluster (guests and nodes), or since when it has been unreachable.</summary>
public sealed record RuntimeSnapshot(IReadOnlyDictionary<int, GuestStatus> Guests, DateTimeOffset? ReadAt, DateTimeOffset? UnreachableSince)
{
    public static readonly RuntimeSnapshot Empty = new(new Dictionary<int, GuestStatus>(), null, null);

    public IReadOnlyDictionary<string, NodeStatus> Nodes { get; init; } = new Dictionary<string, NodeStatus>();
}
