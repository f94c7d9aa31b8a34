using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Short-lived, single-use console tickets, kept in memory. Tickets are redeemed by the instance that minted
/// them; with several portal instances behind sticky sessions a shared store replaces this class.
/// </summary>
public sealed class ConsoleTickets(IOptions<ConsoleProxyOptions> options, TimeProvider time)
{
    private const int SweepThreshold = 1024;
    private readonly ConcurrentDictionary<string, ConsoleTicket> tickets = new(StringComparer.Ordinal);

    public ConsoleTicket Mint(string userId, int serverId, string? reason, bool readOnly, TicketPurpose purpose = TicketPurpose.Console)
    {
        var now = time.GetUtcNow();
        if (tickets.Count > SweepThreshold)
        {
            foreach (var (token, ticket) in tickets)
            {
                if (ticket.ExpiresAt <= now)
                {
                    tickets.TryRemove(token, out _);
                }
            }
        }

        var minted = new ConsoleTicket(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            userId, serverId, reason, readOnly, now + options.Value.TicketLifetime, purpose);
        tickets[minted.Token] = minted;
        return minted;
    }

    /// <summary>The ticket without using it up (to show what it opens before it is used); null whenever <see cref="Redeem"/> would be.</summary>
    public ConsoleTicket? Peek(string? token, int serverId, TicketPurpose purpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || !tickets.TryGetValue(token, out var ticket))
        {
            return null;
        }

        return Opens(ticket, serverId, purpose) ? ticket : null;
    }

    /// <summary>Uses up the ticket; null when it is unknown, already used, expired, for another server or for another purpose.</summary>
    public ConsoleTicket? Redeem(string? token, int serverId, TicketPurpose purpose = TicketPurpose.Console)
    {
        // Removed whatever the outcome: a ticket presented for the wrong server is spent, not kept for another try.
        if (string.IsNullOrEmpty(token) || token.Length > 100 || !tickets.TryRemove(token, out var ticket))
        {
            return null;
        }

        return Opens(ticket, serverId, purpose) ? ticket : null;
    }

    private bool Opens(ConsoleTicket ticket, int serverId, TicketPurpose purpose) =>
        ticket.ServerId == serverId && ticket.Purpose == purpose && ticket.ExpiresAt > time.GetUtcNow();
}
