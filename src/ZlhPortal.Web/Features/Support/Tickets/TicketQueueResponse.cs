namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>One page of the staff queue (<c>GET /api/v1/admin/tickets</c>).</summary>
public sealed record TicketQueueResponse(IReadOnlyList<TicketResponse> Tickets, int Total, int Page, int PageSize);
