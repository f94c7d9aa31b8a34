namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A ticket in a list: the customer's own list or the staff queue.</summary>
public sealed record TicketRow(
    int Id, string Subject, TicketStatus Status, string CustomerId, string CustomerEmail, int? ServerId,
    string? AssignedToId, string? AssignedToEmail, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset LastReplyAt);
