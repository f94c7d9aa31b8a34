using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>What code that talks to a server's agent on the user's behalf needs: who owns it, its state, where it is, its credential.</summary>
public sealed record AgentTarget(
    int Id, string OwnerId, ServerStatus Status, ServerOperation Operation, string? IpAddress, string AgentCredentialProtected, ServerKind Kind = ServerKind.Game)
{
    /// <summary>Dev servers run a browser IDE beside the agent.</summary>
    public bool HasIde => Kind == ServerKind.Dev;
}
