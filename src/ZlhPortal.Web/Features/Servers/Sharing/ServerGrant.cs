namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// One person's access to one server: the owner's (everything) or a share's (what was given). Services that act on the
/// server take <see cref="OwnerId"/> as the tenant, and <see cref="UserId"/> is who acts (for the history).
/// </summary>
public sealed record ServerGrant(int ServerId, string OwnerId, string UserId, string? UserEmail, ServerPermissions Permissions, bool ReadOnlyConsole = false)
{
    public bool IsOwner => OwnerId == UserId;

    public bool Allows(ServerPermissions permission) => (Permissions & permission) == permission;

    /// <summary>How the history names someone acting on the server: null for the owner (the default), the friend's email otherwise.</summary>
    public string? Actor => IsOwner ? null : UserEmail;
}
