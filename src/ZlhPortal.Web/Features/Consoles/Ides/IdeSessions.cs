using ZlhPortal.Web.Infrastructure.Auth;
using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// IDE cookies. Each is kept in the database (<see cref="StoredIdeSession"/>, as a hash), so any instance honours it and a
/// restart keeps the IDE signed in, and in memory on every instance that has served it, where its forwarded requests and
/// WebSockets hang off it. <see cref="ConsoleSessions"/> revokes them with the consoles on every instance: suspension,
/// deletion, logout and role changes end the cookie and cut its traffic at once, and <see cref="SessionReauthorization"/>
/// ends any whose revocation never arrived.
/// </summary>
public sealed class IdeSessions(IDbContextFactory<AppDbContext> dbFactory, IOptions<IdeOptions> options, TimeProvider time, ILogger<IdeSessions> logger)
{
    private const int SweepThreshold = 256;
    private readonly ConcurrentDictionary<string, IdeSession> sessions = new(StringComparer.Ordinal);

    /// <summary>IDE cookies live on this instance (served here and neither revoked nor expired in memory).</summary>
    public int CountOpen(string? userId = null, int? serverId = null) =>
        sessions.Values.Count(s => !s.IsRevoked && (userId is null || s.UserId == userId) && (serverId is null || s.ServerId == serverId));

    /// <summary>Ends every IDE cookie of the server and cuts its traffic here; returns how many were live here.</summary>
    public async Task<int> RevokeForServerAsync(int serverId, string? userId = null)
    {
        var count = RevokeHere(s => s.ServerId == serverId && (userId == null || s.UserId == userId));
        await ForgetAsync(db => db.IdeSessions.Where(s => s.ServerId == serverId && (userId == null || s.UserId == userId)));
        return count;
    }

    /// <summary>Ends every IDE cookie of the user and cuts its traffic here; returns how many were live here.</summary>
    public async Task<int> RevokeForUserAsync(string userId)
    {
        var count = RevokeHere(s => s.UserId == userId);
        await ForgetAsync(db => db.IdeSessions.Where(s => s.UserId == userId));
        return count;
    }

    internal async Task<IdeSession> OpenAsync(string userId, int serverId, Uri upstream, string agentCredential, string securityStamp, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        SweepExpired(now);
        var token = BearerTokens.New();
        var session = new IdeSession(
            token, userId, serverId, upstream, agentCredential, securityStamp, now, now + options.Value.SessionIdleTimeout, now + options.Value.SessionMaxLifetime);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.IdeSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
            db.IdeSessions.Add(new StoredIdeSession
            {
                TokenHash = BearerTokens.Hash(token), UserId = userId, ServerId = serverId, SecurityStamp = securityStamp, OpenedAt = now,
                ExpiresAt = session.ExpiresAt, EndsAt = session.EndsAt,
            });
            await db.SaveChangesAsync(ct);
        }

        sessions[token] = session;
        return session;
    }

    /// <summary>The live session of an IDE cookie on this server's host, as this instance holds it; null when it holds none for it.</summary>
    internal IdeSession? Find(string? token, int serverId)
    {
        if (!BearerTokens.IsWellFormed(token) || !sessions.TryGetValue(token, out var session))
        {
            return null;
        }

        return session.ServerId == serverId && !session.IsRevoked && session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    /// <summary>
    /// The cookie as the database has it, when this instance holds no live session for it (issued elsewhere, before a
    /// restart, or renewed elsewhere since); null when unknown, expired, ended or another server's.
    /// </summary>
    internal async Task<StoredIdeSession?> FindStoredAsync(string? token, int serverId, CancellationToken ct)
    {
        if (!BearerTokens.IsWellFormed(token))
        {
            return null;
        }

        var hash = BearerTokens.Hash(token);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IdeSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.TokenHash == hash && s.ServerId == serverId && s.ExpiresAt > now && s.EndsAt > now, ct);
    }

    /// <summary>
    /// Takes up a stored cookie on this instance once its access was checked anew: the session this instance already holds
    /// for it, moved on to the stored expiry, or a new one with the stored expiry and end. Null when the cookie was revoked
    /// meanwhile (its row is gone: a revocation that ran between reading the row and taking it up found nothing here to end).
    /// </summary>
    internal async Task<IdeSession?> RestoreAsync(string token, StoredIdeSession stored, Uri upstream, string agentCredential, CancellationToken ct)
    {
        var session = Restore(token, stored, upstream, agentCredential);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.IdeSessions.AnyAsync(s => s.TokenHash == stored.TokenHash, ct))
        {
            return session;
        }

        if (sessions.TryRemove(KeyValuePair.Create(token, session)))
        {
            session.Revoke();
        }

        return null;
    }

    private IdeSession Restore(string token, StoredIdeSession stored, Uri upstream, string agentCredential)
    {
        while (true)
        {
            if (sessions.TryGetValue(token, out var held) && !held.IsRevoked)
            {
                held.ExtendTo(stored.ExpiresAt);
                return held;
            }

            var restored = new IdeSession(
                token, stored.UserId, stored.ServerId, upstream, agentCredential, stored.SecurityStamp, stored.OpenedAt, stored.ExpiresAt, stored.EndsAt);
            if (held is null ? sessions.TryAdd(token, restored) : sessions.TryUpdate(token, restored, held))
            {
                return restored;
            }

            restored.Dispose();
        }
    }

    /// <summary>Writes a renewed expiry through, so the other instances (and this one after a restart) keep honouring the cookie.</summary>
    internal async Task SaveExpiryAsync(IdeSession session, CancellationToken ct)
    {
        var hash = BearerTokens.Hash(session.Token);
        var expiresAt = session.ExpiresAt;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.IdeSessions.Where(s => s.TokenHash == hash && s.ExpiresAt < expiresAt)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, expiresAt), ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            // This instance keeps honouring the cookie from memory; elsewhere it lapses at its older expiry.
            logger.LogWarning(e, "Could not save the renewed expiry of an IDE session of server {ServerId}", session.ServerId);
        }
    }

    /// <summary>The sessions of this instance that are neither revoked nor expired.</summary>
    internal IReadOnlyList<IdeSession> Snapshot()
    {
        var now = time.GetUtcNow();
        return sessions.Values.Where(s => !s.IsRevoked && s.ExpiresAt > now).ToList();
    }

    /// <summary>Ends one IDE cookie everywhere and cuts its traffic here.</summary>
    internal async Task RevokeAsync(IdeSession session)
    {
        if (sessions.TryRemove(KeyValuePair.Create(session.Token, session)))
        {
            session.Revoke();
        }

        var hash = BearerTokens.Hash(session.Token);
        await ForgetAsync(db => db.IdeSessions.Where(s => s.TokenHash == hash));
    }

    /// <summary>Ends a stored cookie that no longer stands (found so where it was presented).</summary>
    internal Task ForgetAsync(StoredIdeSession stored) => ForgetAsync(db => db.IdeSessions.Where(s => s.TokenHash == stored.TokenHash));

    private async Task ForgetAsync(Func<AppDbContext, IQueryable<StoredIdeSession>> rows)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await rows(db).ExecuteDeleteAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            // Whatever row stays is refused where it is presented: an instance taking it up checks the stamp and the server first.
            logger.LogWarning(e, "Could not delete revoked IDE sessions");
        }
    }

    private void SweepExpired(DateTimeOffset now)
    {
        if (sessions.Count <= SweepThreshold)
        {
            return;
        }

        foreach (var (staleToken, stale) in sessions)
        {
            if (stale.ExpiresAt <= now && !stale.IsActive && sessions.TryRemove(staleToken, out _))
            {
                stale.Dispose();
            }
        }
    }

    private int RevokeHere(Func<IdeSession, bool> match)
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
