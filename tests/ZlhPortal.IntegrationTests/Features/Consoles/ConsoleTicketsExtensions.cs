using ZlhPortal.Web.Features.Consoles.Sessions;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

public static class ConsoleTicketsExtensions
{
    /// <summary>Mints a ticket where a test builds a URL inline (the store is the portal's database; no context to deadlock on).</summary>
    public static ConsoleTicket Mint(this ConsoleTickets tickets, string userId, int serverId, string? reason, bool readOnly, TicketPurpose purpose = TicketPurpose.Console) =>
        tickets.MintAsync(userId, serverId, reason, readOnly, purpose).GetAwaiter().GetResult();
}
