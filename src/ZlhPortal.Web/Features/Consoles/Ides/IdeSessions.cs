using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// IDE cookies issued on this instance, kept in memory like console tickets (a restart means opening the IDE
/// again from the portal). <see cref="ConsoleSessions"/> revokes them with the consoles: suspension, deletion,
/// logout and role changes end the cookie and cut its forwarded requests and WebSockets at once, and
/// <see cref="SessionReauthorization"/> ends any whose revocation never arrived.
/// </summary>
public sealed class IdeSessions(IOptions<IdeOptions> options, TimeProvider time)
{
    private const int SweepThreshold = 256;
    private readonly ConcurrentDictionary<string, IdeSession> sessions = new(StringComparer.Ordinal);

    public int CountOpen(string? userId = null, int? serverId = null) =>
        sessions.Values.Count(s => !s.IsRevoked && (userId is null || s.UserId == userId) && (serverId is null || s.ServerId == serverId));

    /// <summary>Ends every IDE cookie of the server and cuts its traffic; returns how many.</summary>
    public int RevokeForServer(int serverId) => Revoke(s => s.ServerId == serverId);

    /// <summary>Ends every IDE cookie of the user and cuts its traffic; returns how many.</summary>
    public int RevokeForUser(string userId) => Revoke(s => s.UserId == userId);

    internal IdeSession Open(string userId, int serverId, Uri upstream, string agentCredential, string securityStamp)
    {
        var now = time.GetUtcNow();
        if (sessions.Count > SweepThreshold)
        {
            foreach (var (staleToken, stale) in sessions)
            {
                if (stale.ExpiresAt <= now && !stale.IsActive && sessions.TryRemove(staleToken, out _))
                {
                    stale.Dispose();
                }
            }
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var session = new IdeSession(
            token, userId, serverId, upstream, agentCredential, securityStamp, now, now + options.Value.SessionIdleTimeout, now + options.Value.SessionMaxLifetime);
        sessions[token] = session;
        return session;
    }

    /// <summary>The live session of an IDE cookie on this server's host; null when unknown, expired, revoked or another server's.</summary>
    internal IdeSession? Find(string? token, int serverId)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || !sessions.TryGetValue(token, out var session))
        {
            return null;
        }

        return session.ServerId == serverId && !session.IsRevoked && session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    /// <summary>The sessions of this instance that are neither revoked nor expired.</summary>
    internal IReadOnlyList<IdeSession> Snapshot()
    {
        var now = time.GetUtcNow();
        return sessions.Values.Where(s => !s.IsRevoked && s.ExpiresAt > now).ToList();
    }

    /// <summary>Ends one IDE cookie and cuts its traffic.</summary>
    internal void Revoke(IdeSession session)
    {
        if (sessions.TryRemove(KeyValuePair.Create(session.Token, session)))
        {
            session.Revoke();
        }
    }

    private int Revoke(Func<IdeSession, bool> match)
    {
        var count = 0;
        foreach (var (token, session) in sessions)
        {
            if (match(session) && sessions.TryRemove(token, out _))
            {
                // Not disposed: requests still running observe the cancelled token and end on their own.
                session.Revoke();
                count++;
            }
        }

        return count;
    }
}
