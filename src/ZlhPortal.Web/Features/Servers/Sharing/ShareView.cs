namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>One share of a server as its owner sees it: who, what they may do, and whether they accepted yet.</summary>
public sealed record ShareView(
    int Id, string Email, ServerPermissions Permissions, bool ReadOnlyConsole, DateTimeOffset InvitedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt)
{
    public bool Accepted => AcceptedAt is not null;
}
