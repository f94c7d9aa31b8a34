namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// One person's access to one server: the owner's (everything) or a share's (what was given). Services that act on the
/// server take <see cref="OwnerId"/> as the tenant, and <see cref="UserId"/> is who acts (for the history).
/// </summary>
/// <param name="StaffActor">Set when support or an admin looks at a customer's server ("Support (sam@…)"): they get no
/// customer permission, and act only through the staff actions, each with a reason.</param>
public sealed record ServerGrant(int ServerId, string OwnerId, string UserId, string? UserEmail, ServerPermissions Permissions, bool ReadOnlyConsole = false,
    string? StaffActor = null)
{
    public bool IsOwner => OwnerId == UserId && StaffActor is null;

    public bool IsStaff => StaffActor is not null;

    public bool Allows(ServerPermissions permission) => (Permissions & permission) == permission;

    /// <summary>How the history names someone acting on the server: null for the owner (the default), the friend's email otherwise.</summary>
    public string? Actor => IsOwner ? null : StaffActor ?? UserEmail;
}
