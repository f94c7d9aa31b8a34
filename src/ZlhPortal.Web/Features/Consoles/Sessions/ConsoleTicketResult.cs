namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>A ticket, or why there is none, in words for the user.</summary>
public sealed record ConsoleTicketResult(ConsoleTicket? Ticket, ConsoleRefusal Refusal, string Message)
{
    public static ConsoleTicketResult Refused(ConsoleRefusal refusal) => new(null, refusal, refusal switch
    {
        ConsoleRefusal.ReasonRequired => "Support needs a reason to open a customer's console.",
        ConsoleRefusal.Suspended => "The server is suspended; its console is closed.",
        ConsoleRefusal.NotRunning => "The server is not running.",
        ConsoleRefusal.NoIde => "Only dev servers have an IDE.",
        ConsoleRefusal.NotPermitted => "The server's owner did not give you access to this.",
        _ => "Server not found.",
    });
}
