namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>What became of a change to a ticket; <see cref="Message"/> says why when refused.</summary>
public sealed record TicketResult(TicketOutcome Outcome, string? Message, int? TicketId = null)
{
    public bool Succeeded => Outcome == TicketOutcome.Done;

    public static TicketResult Done(int ticketId) => new(TicketOutcome.Done, null, ticketId);

    public static TicketResult Invalid(string message) => new(TicketOutcome.Invalid, message);

    public static TicketResult NotFound(int ticketId) => new(TicketOutcome.NotFound, $"There is no ticket {ticketId} of yours.");
}
