using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Open consoles on this instance, and their audit records. Suspension, deletion, logout and role changes reach every
/// instance's <see cref="CloseForServerAsync"/> or <see cref="CloseForUserAsync"/> (through the portal-wide events),
/// which close the live sockets at once; <see cref="SessionReauthorization"/> closes any whose revocation never arrived.
/// </summary>
public sealed class ConsoleSessions(
    IDbContextFactory<AppDbContext> dbFactory, IdeSessions ides, ActivityLog activity, SecurityStamps stamps, PortalEvents events, ServerHistory history,
    IOptions<ConsoleProxyOptions> options, TimeProvider time, ILogger<ConsoleSessions> logger)
    : IServerAccessRevoker, IAccountAccessRevoker
{
    /// <summary>The kind of portal event that carries a <see cref="SupportConsoleOpened"/>.</summary>
    public const string SupportOpenedKind = "consoles.support-opened";

    /// <summary>Why a user's consoles close when their access changed in a way that names no reason.</summary>
    public const string AccessChanged = "Your access has changed; sign in again.";

    private static readonly TimeSpan CloseWait = TimeSpan.FromMilliseconds(900);
    private readonly Lock gate = new();
    private readonly List<LiveConsole> live = [];

    /// <summary>
    /// Raised on every instance when support opens a customer's console (server id, reason), so the customer's open
    /// console page can say so, wherever it is.
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
    /// <param name="userId">Only this person's (someone the server is no longer shared with); everyone's when null.</param>
    public async Task<int> CloseForServerAsync(int serverId, string reason = "The server is no longer available.", string? userId = null)
    {
        await ides.RevokeForServerAsync(serverId, userId);
        return await CloseAsync(c => c.ServerId == serverId && (userId == null || c.UserId == userId), reason);
    }

    /// <summary>
    /// Closes every open console of the user (logged out, signed out everywhere, role changed) and ends their IDE
    /// cookies and IDE connections; returns how many consoles were closed.
    /// </summary>
    public async Task<int> CloseForUserAsync(string userId, string reason = AccessChanged)
    {
        await ides.RevokeForUserAsync(userId);
        return await CloseAsync(c => c.UserId == userId, reason);
    }

    Task IServerAccessRevoker.RevokeServerAccessAsync(int serverId, string reason, string? userId) => CloseForServerAsync(serverId, reason, userId);

    Task IAccountAccessRevoker.RevokeAccountAccessAsync(string userId, string reason) => CloseForUserAsync(userId, reason);

    /// <summary>Claims a slot under the per-user cap and writes the audit record; null when the user has too many consoles open.</summary>
    internal async Task<LiveConsole?> OpenAsync(ConsoleTicket ticket, string ownerId, string? ipAddress, CancellationToken ct)
    {
        // Read before the console is registered: a revocation after this either finds it registered or leaves it a stamp
        // that is no longer current, which the periodic re-check notices.
        var stamp = await stamps.CurrentAsync(ticket.UserId, ct) ?? "";
        var console = new LiveConsole(ticket.UserId, ticket.ServerId, stamp, ticket.Reason is not null, time.GetUtcNow());
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
                await events.PublishAsync(new SupportConsoleOpened(ticket.ServerId, ticket.Reason));
                await history.RecordAsync(ticket.ServerId, HistoryKind.StaffAccess, HistoryActors.Support,
                    $"Support opened the console{(ticket.ReadOnly ? " (read-only)" : "")}: {ticket.Reason}", ct);
            }

            return console;
        }
        catch
        {
            Remove(console);
            throw;
        }
    }

    /// <summary>Tells this instance's console pages; the portal-wide events call it for a console opened anywhere.</summary>
    internal Task RaiseSupportOpenedAsync(SupportConsoleOpened opened)
    {
        SupportOpened?.Invoke(opened.ServerId, opened.Reason);
        return Task.CompletedTask;
    }

    /// <summary>The consoles open on this instance right now, less those already being closed by a revocation.</summary>
    internal IReadOnlyList<LiveConsole> Snapshot()
    {
        lock (gate)
        {
            return live.Where(c => c.RevokedBecause is null).ToList();
        }
    }

    /// <summary>Closes one console, saying why in its close frame, and waits (briefly) for it to end.</summary>
    internal async Task RevokeAsync(LiveConsole console, string reason)
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
}
