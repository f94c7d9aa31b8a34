using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// Who may do what on a server: its owner everything, a person it is shared with (an accepted share) what they were
/// given. Every customer-facing page and endpoint that acts on a server asks here first: no grant reads as "no such
/// server" (404), a grant without the permission as "not given to you" (403).
/// </summary>
public sealed class ServerAccess(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<ServerGrant?> FindAsync(int serverId, string? userId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking()
            .Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted)
            .Select(s => new { s.OwnerId })
            .FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return null;
        }

        if (server.OwnerId == userId)
        {
            return new ServerGrant(serverId, server.OwnerId, userId, null, ServerPermissions.All);
        }

        var share = await db.ServerShares.AsNoTracking()
            .Where(s => s.ServerId == serverId && s.UserId == userId)
            .Select(s => new { s.Permissions, s.ReadOnlyConsole, Email = db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return share is null ? null : new ServerGrant(serverId, server.OwnerId, userId, share.Email, share.Permissions, share.ReadOnlyConsole);
    }
}
