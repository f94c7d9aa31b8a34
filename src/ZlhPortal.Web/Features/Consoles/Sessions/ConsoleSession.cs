namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>The audit record of one console connection: who, which server, from where, when, and why (support).</summary>
public sealed class ConsoleSession
{
    public const int ReasonMaxLength = 200;

    public long Id { get; set; }

    public int ServerId { get; set; }

    public string UserId { get; set; } = "";

    public string? IpAddress { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Why support opened a customer's console; null when the owner did.</summary>
    public string? Reason { get; set; }

    public bool ReadOnly { get; set; }

    /// <summary>How it ended: closed, revoked (and why), or an error.</summary>
    public string? EndReason { get; set; }
}
