namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>
/// A stopped server moved by staff from one node to another (Proxmox offline migrate). Kept after it ends: the
/// unfinished one is what a resumed <see cref="MigrateServerJob"/> reads its target from.
/// </summary>
public sealed class ServerMigration
{
    public int Id { get; set; }

    public int ServerId { get; set; }

    public string FromNode { get; set; } = "";

    public string ToNode { get; set; } = "";

    /// <summary>The staff member's email.</summary>
    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The migrate task once Proxmox accepted it, so a resumed job waits for it rather than asking again.</summary>
    public string? Upid { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why it did not happen; null while under way or once done.</summary>
    public string? Error { get; set; }
}
