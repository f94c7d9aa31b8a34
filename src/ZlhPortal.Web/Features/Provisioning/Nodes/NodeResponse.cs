namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>A node as <c>/api/v1/admin/nodes</c> shows it.</summary>
public sealed record NodeResponse(string Name, string? Status, bool Draining, string? DrainReason, DateTimeOffset? ChangedAt, string? ChangedBy, IReadOnlyList<int> Servers)
{
    public static NodeResponse From(NodeView node) =>
        new(node.Name, node.Capacity.Live?.Status, node.Draining, node.DrainReason, node.ChangedAt, node.ChangedBy, node.Servers.Select(s => s.Id).ToList());
}
