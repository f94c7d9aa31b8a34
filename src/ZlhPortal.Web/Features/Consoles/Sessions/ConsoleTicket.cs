namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>Permission to open one console once: for this user, this server, until <see cref="ExpiresAt"/>.</summary>
/// <param name="Reason">Why support opens a customer's console; null for the owner.</param>
/// <param name="Purpose">What the ticket opens; a console ticket never opens an IDE, nor the other way round.</param>
public sealed record ConsoleTicket(string Token, string UserId, int ServerId, string? Reason, bool ReadOnly, DateTimeOffset ExpiresAt,
    TicketPurpose Purpose = TicketPurpose.Console);
