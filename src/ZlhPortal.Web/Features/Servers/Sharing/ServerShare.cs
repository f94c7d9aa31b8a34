namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// A server its owner shares with one person, by email, with some permissions. It starts as an invitation (a link mailed
/// to that address, stored as the hash of its token) and becomes access when that person accepts it signed in with the
/// invited address. Billing stays with the owner; removing the row takes the access away.
/// </summary>
public sealed class ServerShare
{
    public const int EmailMaxLength = 254;

    public int Id { get; set; }

    public int ServerId { get; set; }

    /// <summary>The invited address, trimmed and lower-cased (one share per address and server).</summary>
    public string Email { get; set; } = "";

    /// <summary>The account that accepted; null while the invitation is open.</summary>
    public string? UserId { get; set; }

    public ServerPermissions Permissions { get; set; }

    /// <summary>With <see cref="ServerPermissions.Console"/>: they watch the console but cannot type into it.</summary>
    public bool ReadOnlyConsole { get; set; }

    /// <summary>SHA-256 of the invitation link's token while it is open; null once accepted (a link works once).</summary>
    public string? TokenHash { get; set; }

    public DateTimeOffset InvitedAt { get; set; }

    /// <summary>When the invitation link stops working if nobody accepted it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }
}
