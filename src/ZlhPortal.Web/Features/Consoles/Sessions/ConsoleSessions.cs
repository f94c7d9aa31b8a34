using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Open consoles on this instance, and their audit records. Suspension, deletion, logout and role changes call
/// <see cref="CloseForServerAsync"/> or <see cref="CloseForUserAsync"/>, which close the live sockets at once.
/// </summary>
public sealed class ConsoleSessions(
    IDbContextFactory<AppDbContext> dbFactory, IdeSessions ides, ActivityLog activity, IOptions<ConsoleProxyOptions> options, TimeProvider time, ILogger<ConsoleSessions> logger)
    : IServerAccessRevoker, IAccountAccessRevoker
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromMilliseconds(900);
    private readonly Lock gate = new();
    private readonly List<LiveConsole> live = [];

    /// <summary>
    /// Raised on this instance when support opens a customer's console (server id, reason), so the customer's open
    /// console page can say so. With several instances this moves to the portal-wide event seam.
    /// </summary>
    public event Action<int, string>? SupportOpened;

    public int CountOpen(string? userId = null, int? serverId = null)
    {
        lock (gate)
        {
            return live.Count(c => (userId is null || c.UserId == userId) && (serverId is null || c.ServerId == serverId));
        }
    }

    /// <summary>
    /// Closes every open console of the server (suspended, deleted, changed hands) and ends its IDE cookies and
    /// IDE connections; returns how many consoles were closed.
    /// </summary>
    public Task<int> CloseForServerAsync(int serverId, string reason = "The server is no longer available.")
    {
        ides.RevokeForServer(serverId);
        return CloseAsync(c => c.ServerId == serverId, reason);
    }

    /// <summary>
    /// Closes every open console of the user (logged out, signed out everywhere, role changed) and ends their IDE
    /// cookies and IDE connections; returns how many consoles were closed.
    /// </summary>
    public Task<int> CloseForUserAsync(string userId, string reason = "Your access has changed; sign in again.")
    {
        ides.RevokeForUser(userId);
        return CloseAsync(c => c.UserId == userId, reason);
    }

    Task IServerAccessRevoker.RevokeServerAccessAsync(int serverId, string reason) => CloseForServerAsync(serverId, reason);

    Task IAccountAccessRevoker.RevokeAccountAccessAsync(string userId, string reason) => CloseForUserAsync(userId, reason);

    /// <summary>Claims a slot under the per-user cap and writes the audit record; null when the user has too many consoles open.</summary>
    internal async Task<LiveConsole?> OpenAsync(ConsoleTicket ticket, string ownerId, string? ipAddress, CancellationToken ct)
    {
        var console = new LiveConsole(ticket.UserId, ticket.ServerId);
        lock (gate)
        {
            if (live.Count(c => c.UserId == ticket.UserId) >= options.Value.MaxConsolesPerUser)
            {
                console.Dispose();
                return null;
            }

            live.Add(console);
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var record = new ConsoleSession
            {
                ServerId = ticket.ServerId,
                UserId = ticket.UserId,
                IpAddress = ipAddress,
                StartedAt = time.GetUtcNow(),
                Reason = ticket.Reason,
                ReadOnly = ticket.ReadOnly,
            };
            db.ConsoleSessions.Add(record);
            await db.SaveChangesAsync(ct);
            console.AuditId = record.Id;
            if (ticket.Reason is not null)
            {
                await activity.RecordAsync(ownerId, AccountActivityKind.SupportConsoleOpened,
                    $"Support opened your console{(ticket.ReadOnly ? " (read-only)" : "")}: {ticket.Reason}", null, ct);
                SupportOpened?.Invoke(ticket.ServerId, ticket.Reason);
            }

            return console;
        }
        catch
        {
            Remove(console);
            throw;
        }
    }

    internal async Task EndAsync(LiveConsole console, string endReason)
    {
        Remove(console);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var reason = console.RevokedBecause is { } revoked ? $"revoked: {revoked}" : endReason;
            await db.ConsoleSessions.Where(s => s.Id == console.AuditId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, time.GetUtcNow()).SetProperty(s => s.EndReason, reason.Length > 200 ? reason[..200] : reason));
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not record the end of console session {SessionId}", console.AuditId);
        }
        finally
        {
            console.Ended.TrySetResult();
            console.Dispose();
        }
    }

    private void Remove(LiveConsole console)
    {
        lock (gate)
        {
            live.Remove(console);
        }
    }

    private async Task<int> CloseAsync(Func<LiveConsole, bool> match, string reason)
    {
        List<LiveConsole> closing;
        lock (gate)
        {
            closing = live.Where(match).ToList();
        }

        await Task.WhenAll(closing.Select(c => RevokeAsync(c, reason)));
        return closing.Count;
    }

    private async Task RevokeAsync(LiveConsole console, string reason)
    {
        console.RevokedBecause = reason;
        using var budget = new CancellationTokenSource(CloseWait / 3);
        try
        {
            // A close frame first, so the page can say why; the connection goes regardless.
            if (console.Stream is { } stream)
            {
                await stream.CloseAsync(reason, budget.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }

        try
        {
            await console.Cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            await console.Ended.Task.WaitAsync(CloseWait);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Console session {SessionId} did not end within {Wait} after revocation", console.AuditId, CloseWait);
        }
    }
}
