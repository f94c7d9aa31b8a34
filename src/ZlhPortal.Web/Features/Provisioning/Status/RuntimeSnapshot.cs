namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>The last successful read of the cluster (guests and nodes), or since when it has been unreachable.</summary>
public sealed record RuntimeSnapshot(IReadOnlyDictionary<int, GuestStatus> Guests, DateTimeOffset? ReadAt, DateTimeOffset? UnreachableSince)
{
    public static readonly RuntimeSnapshot Empty = new(new Dictionary<int, GuestStatus>(), null, null);

    public IReadOnlyDictionary<string, NodeReading> Nodes { get; init; } = new Dictionary<string, NodeReading>();
}
