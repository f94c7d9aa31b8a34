namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Which tickets the queue shows by assignment.</summary>
public enum TicketAssignee
{
    Anyone,
    Me,
    Unassigned,
}
