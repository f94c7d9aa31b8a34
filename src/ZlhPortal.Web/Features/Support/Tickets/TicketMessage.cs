namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>One message of a ticket's thread.</summary>
public sealed class TicketMessage
{
    public const int BodyMaxLength = 10_000;

    public long Id { get; set; }

    public int TicketId { get; set; }

    /// <summary>The account that wrote it (kept as written: no key, so closing a staff account keeps its replies).</summary>
    public string AuthorId { get; set; } = "";

    public bool FromStaff { get; set; }

    /// <summary>A note between staff: the customer never sees it and it changes no status.</summary>
    public bool Internal { get; set; }

    public string Body { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public List<TicketAttachment> Attachments { get; set; } = [];
}
