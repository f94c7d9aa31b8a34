namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>One line of a server's timeline: who did what, or what happened, and when.</summary>
public sealed class ServerHistoryEntry
{
    public const int ActorMaxLength = 120;

    public const int TextMaxLength = 500;

    public const int OnceKeyMaxLength = 100;

    public long Id { get; set; }

    public int ServerId { get; set; }

    public DateTimeOffset At { get; set; }

    public HistoryKind Kind { get; set; }

    /// <summary>Who: the customer's email, "ZeroLagHub support", "Billing", "Schedule 'Nightly'", "ZeroLagHub" (the platform), "Your server".</summary>
    public string Actor { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>
    /// Set for happenings several instances may each see (a crash count read from the agent): unique per server, so the
    /// entry is written once however many saw it.
    /// </summary>
    public string? OnceKey { get; set; }
}
