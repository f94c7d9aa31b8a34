namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary>A message waiting in (or delivered from) the <see cref="EmailOutbox"/>.</summary>
public sealed class OutboxEmail
{
    public long Id { get; set; }

    /// <summary>What the message is about, unique: queuing the same key again adds nothing (a rerun does not re-send).</summary>
    public string Key { get; set; } = "";

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string TextBody { get; set; } = "";

    public string HtmlBody { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next delivery attempt may start; while one runs, the end of its lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Which delivery pass holds the message (set with the lease), so a pass knows which of its batch it got.</summary>
    public string? ClaimedBy { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Why the last attempt failed, for the operator.</summary>
    public string? LastError { get; set; }
}
