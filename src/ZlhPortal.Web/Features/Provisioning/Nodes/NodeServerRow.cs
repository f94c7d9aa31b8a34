using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>A server on a node, as the nodes page lists it.</summary>
public sealed record NodeServerRow(int Id, string Name, string OwnerEmail, ServerStatus Status, ServerOperation Operation, int? Vmid)
{
    /// <summary>Only a stopped server at rest can be moved (offline migrate).</summary>
    public bool Movable => Status == ServerStatus.Stopped && Operation == ServerOperation.None;
}
