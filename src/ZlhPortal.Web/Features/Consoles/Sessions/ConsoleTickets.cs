using ZlhPortal.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Short-lived, single-use console and IDE tickets, kept in the database (as hashes), so a ticket minted by one portal
/// instance opens the console on whichever instance the browser reaches, and only once.
/// </summary>
public sealed class ConsoleTickets(IDbContextFactory<AppDbContext> dbFactory, IOptions<ConsoleProxyOptions> options, TimeProvider time)
{
    public async Task<ConsoleTicket> MintAsync(
        string userId, int serverId, string? reason, bool readOnly, TicketPurpose purpose = TicketPurpose.Console, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var minted = new ConsoleTicket(BearerTokens.New(),
            userId, serverId, reason, readOnly, now + options.Value.TicketLifetime, purpose);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ConsoleTickets.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.ConsoleTickets.Add(new StoredTicket
        {
            TokenHash = BearerTokens.Hash(minted.Token), UserId = userId, ServerId = serverId, Reason = reason, ReadOnly = readOnly, Purpose = purpose, ExpiresAt = minted.ExpiresAt,
        });
        await db.SaveChangesAsync(ct);
        return minted;
    }

    /// <summary>The ticket without using it up (to show what it opens before it is used); null whenever <see cref="RedeemAsync"/> would be.</summary>
    public async Task<ConsoleTicket?> PeekAsync(string? token, int serverId, TicketPurpose purpose, CancellationToken ct = default)
    {
        if (!BearerTokens.IsWellFormed(token))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = BearerTokens.Hash(token);
        var stored = await db.ConsoleTickets.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        return stored is not null && Opens(stored, serverId, purpose) ? Ticket(token, stored) : null;
    }

    /// <summary>Uses up the ticket; null when it is unknown, already used, expired, for another server or for another purpose.</summary>
    public async Task<ConsoleTicket?> RedeemAsync(string? token, int serverId, TicketPurpose purpose = TicketPurpose.Console, CancellationToken ct = default)
    {
        if (!BearerTokens.IsWellFormed(token))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = BearerTokens.Hash(token);
        var stored = await db.ConsoleTickets.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);

        // Deleted whatever the outcome (a ticket presented for the wrong server is spent, not kept for another try), and
        // only the one request whose delete took the row may use it.
        if (stored is null || await db.ConsoleTickets.Where(t => t.TokenHash == hash).ExecuteDeleteAsync(ct) == 0)
        {
            return null;
        }

        return Opens(stored, serverId, purpose) ? Ticket(token, stored) : null;
    }

    private bool Opens(StoredTicket ticket, int serverId, TicketPurpose purpose) =>
        ticket.ServerId == serverId && ticket.Purpose == purpose && ticket.ExpiresAt > time.GetUtcNow();

    private static ConsoleTicket Ticket(string token, StoredTicket stored) =>
        new(token, stored.UserId, stored.ServerId, stored.Reason, stored.ReadOnly, stored.ExpiresAt, stored.Purpose);
}
