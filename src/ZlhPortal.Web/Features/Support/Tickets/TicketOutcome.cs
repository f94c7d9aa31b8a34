namespace ZlhPortal.Web.Features.Support.Tickets;

public enum TicketOutcome
{
    Done,
    Invalid,
    NotFound,
}
