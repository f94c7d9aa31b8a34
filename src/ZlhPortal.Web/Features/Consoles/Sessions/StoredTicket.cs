namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>A console or IDE ticket as the database keeps it: only the token's hash, so a database reader holds no usable ticket.</summary>
public sealed class StoredTicket
{
    /// <summary>SHA-256 of the token, hex.</summary>
    public string TokenHash { get; set; } = "";

    public string UserId { get; set; } = "";

    public int ServerId { get; set; }

    public string? Reason { get; set; }

    public bool ReadOnly { get; set; }

    public TicketPurpose Purpose { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
