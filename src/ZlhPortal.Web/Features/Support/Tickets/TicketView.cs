namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A ticket with its thread, as the viewer may see it (staff notes only for staff).</summary>
public sealed record TicketView(TicketRow Ticket, string? ServerName, IReadOnlyList<TicketMessageView> Messages);
