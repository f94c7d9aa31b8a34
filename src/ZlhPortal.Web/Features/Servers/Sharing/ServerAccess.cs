using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers.Staff;
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

    /// <summary>
    /// Support or an admin looking at any customer's server (the server page's staff view): read-only, no customer
    /// permission. Only pages that checked the staff policy (two-factor) ask here; the customer API never does.
    /// </summary>
    public async Task<ServerGrant?> FindForStaffAsync(int serverId, StaffMember staff, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ownerId = await db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted).Select(s => s.OwnerId).FirstOrDefaultAsync(ct);
        return ownerId is null ? null : new ServerGrant(serverId, ownerId, staff.UserId, staff.Email, ServerPermissions.None, ReadOnlyConsole: true, StaffActor: staff.Actor);
    }
}
