namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// An IDE cookie as the database keeps it, so every portal instance honours it (an IDE host's requests reach whichever
/// instance the edge picks) and a restart does not sign the IDE out. Only the token's hash is kept, and nothing about
/// where the IDE listens or how to reach it: an instance that meets the cookie first checks access anew and finds those
/// from the server's current row.
/// </summary>
public sealed class StoredIdeSession
{
    /// <summary>SHA-256 of the cookie's token, hex.</summary>
    public string TokenHash { get; set; } = "";

    public string UserId { get; set; } = "";

    public int ServerId { get; set; }

    /// <summary>The user's security stamp when the cookie was issued; a new one means their access was revoked since.</summary>
    public string SecurityStamp { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>Until when the cookie works unless used; moved on as it is used.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>However much the cookie is used, it ends here.</summary>
    public DateTimeOffset EndsAt { get; set; }
}
