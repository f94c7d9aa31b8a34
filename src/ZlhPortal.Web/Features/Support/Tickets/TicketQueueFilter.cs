namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>The staff queue's filters: null status is every status; search matches the subject or the customer's email.</summary>
public sealed record TicketQueueFilter(TicketStatus? Status = null, TicketAssignee Assignee = TicketAssignee.Anyone, string? Search = null);
