namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Whose turn it is: a customer's message opens the ticket, a staff reply waits on the customer.</summary>
public enum TicketStatus
{
    Open,
    WaitingOnCustomer,
    Closed,
}
