using ZlhPortal.Web.Features.Provisioning.Placement;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>One node for the nodes page: its capacity, whether staff set it to drain (and why), and the servers on it.</summary>
public sealed record NodeView(NodeCapacityRow Capacity, bool Draining, string? DrainReason, DateTimeOffset? ChangedAt, string? ChangedBy, IReadOnlyList<NodeServerRow> Servers)
{
    public string Name => Capacity.Node;
}
