namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A customer's question to support: a subject and a thread of messages, optionally about one of their servers.</summary>
public sealed class Ticket
{
    public const int SubjectMaxLength = 200;

    public int Id { get; set; }

    public string CustomerId { get; set; } = "";

    public string Subject { get; set; } = "";

    public TicketStatus Status { get; set; }

    /// <summary>One of the customer's own servers, when the ticket is about it.</summary>
    public int? ServerId { get; set; }

    /// <summary>The staff member looking after the ticket; null while nobody is.</summary>
    public string? AssignedToId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Any change: a reply, a status, an assignment. The queue shows the most recently active first.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset LastReplyAt { get; set; }

    public List<TicketMessage> Messages { get; set; } = [];
}
