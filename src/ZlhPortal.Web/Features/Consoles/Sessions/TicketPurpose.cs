namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>What a <see cref="ConsoleTicket"/> opens.</summary>
public enum TicketPurpose
{
    Console = 0,

    /// <summary>A dev server's IDE: redeemed on the IDE host for an IDE cookie.</summary>
    Ide,
}
