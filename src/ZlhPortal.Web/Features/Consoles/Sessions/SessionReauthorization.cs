using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Every <see cref="ConsoleProxyOptions.ReauthorizationInterval"/>, re-checks the consoles and IDE sessions open on this
/// instance against the database, and closes those that no longer stand: the user's security stamp changed since they
/// opened (or the account is gone), the server is suspended, being deleted, or reinstalled since, or a customer's
/// server changed hands. Revocation closes them at once on every instance; this closes, within two intervals, whatever a
/// lost portal-wide event left open (an instance's listener was reconnecting, the database was unreachable when it was sent).
/// </summary>
public sealed class SessionReauthorization(
    ConsoleSessions consoles, IdeSessions ides, SecurityStamps stamps, IServiceScopeFactory scopes, IOptions<ConsoleProxyOptions> options,
    TimeProvider time, ILogger<SessionReauthorization> logger) : BackgroundService
{
    /// <summary>One re-check of everything open on this instance; returns how many consoles and IDE sessions it closed.</summary>
    public async Task<int> ReauthorizeAsync(CancellationToken ct = default)
    {
        var openConsoles = consoles.Snapshot();
        var openIdes = ides.Snapshot();
        if (openConsoles.Count == 0 && openIdes.Count == 0)
        {
            return 0;
        }

        var current = await stamps.CurrentAsync(
            openConsoles.Select(c => c.UserId).Concat(openIdes.Select(s => s.UserId)).ToHashSet(StringComparer.Ordinal), ct);
        IReadOnlyDictionary<int, ServerAccessView> servers;
        await using (var scope = scopes.CreateAsyncScope())
        {
            servers = await scope.ServiceProvider.GetRequiredService<ServerDirectory>()
                .FindAccessAsync(openConsoles.Select(c => c.ServerId).Concat(openIdes.Select(s => s.ServerId)).ToHashSet(), ct);
        }

        var closing = new List<Task>();
        foreach (var console in openConsoles)
        {
            if (WhyRevoked(console.UserId, console.SecurityStamp, console.Support, console.OpenedAt, current, servers.GetValueOrDefault(console.ServerId), ide: false) is { } reason)
            {
                logger.LogInformation("Console of server {ServerId} for user {UserId} closed on re-check: {Reason}", console.ServerId, console.UserId, reason);
                closing.Add(consoles.RevokeAsync(console, reason));
            }
        }

        foreach (var session in openIdes)
        {
            if (WhyRevoked(session.UserId, session.SecurityStamp, support: false, session.OpenedAt, current, servers.GetValueOrDefault(session.ServerId), ide: true) is { } reason)
            {
                logger.LogInformation("IDE session of server {ServerId} for user {UserId} ended on re-check: {Reason}", session.ServerId, session.UserId, reason);
                closing.Add(ides.RevokeAsync(session));
            }
        }

        await Task.WhenAll(closing);
        return closing.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReauthorizationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReauthorizeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next round tries again; what is open stays open until a check succeeds.
                logger.LogWarning(e, "Re-checking open consoles and IDE sessions failed");
            }
        }
    }

    /// <summary>Why a connection opened under <paramref name="openedStamp"/> at <paramref name="openedAt"/> must close now, in the words revocation uses; null while it stands.</summary>
    /// <param name="support">Staff opened it with a reason (their role is vouched for by the unchanged stamp); otherwise only the owner may hold it, or someone it is shared with.</param>
    /// <param name="ide">An IDE session (sharing it needs console and files), not a console.</param>
    internal static string? WhyRevoked(
        string userId, string openedStamp, bool support, DateTimeOffset openedAt, IReadOnlyDictionary<string, string> stamps, ServerAccessView? server, bool ide = false)
    {
        if (!stamps.TryGetValue(userId, out var stamp) || stamp != openedStamp)
        {
            return ConsoleSessions.AccessChanged;
        }

        if (server is null || server.Status is ServerStatus.Deleting or ServerStatus.Deleted || server.Operation == ServerOperation.Delete)
        {
            return ServerAccessRevocation.Deleted;
        }

        if (server.Status == ServerStatus.Suspended || server.Operation == ServerOperation.Suspend)
        {
            return ServerAccessRevocation.Suspended;
        }

        if (server.OwnerId != userId && !support && !(ide ? server.IdeUsers : server.ConsoleUsers).Contains(userId))
        {
            // Sharing's own revocation says "no longer shared" at once; this is the backstop.
            return ServerAccessRevocation.Moved;
        }

        return server.Operation == ServerOperation.Reinstall && server.OperationStartedAt > openedAt ? ServerAccessRevocation.Reinstalled : null;
    }
}
