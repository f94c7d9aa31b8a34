namespace ZlhPortal.Web.Features.Servers;

/// <summary>A power action the runtime refused or failed, kept in the server's history: one entry per request, however often the job ran.</summary>
public sealed class ServerActionFailure
{
    public const int ReasonMaxLength = 500;

    public const int DetailMaxLength = 2000;

    public int Id { get; set; }

    public int ServerId { get; set; }

    /// <summary>What was asked for (Start, Stop, Restart, Kill, Unsuspend).</summary>
    public ServerOperation Operation { get; set; }

    /// <summary>When the customer or staff asked (the operation's claim).</summary>
    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset FailedAt { get; set; }

    /// <summary>Why, in words a customer understands.</summary>
    public string Reason { get; set; } = "";

    /// <summary>Technical detail for admins.</summary>
    public string? Detail { get; set; }
}
