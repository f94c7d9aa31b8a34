using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>
/// Accounts' security stamps as stored now. Whatever revokes an account's access (a password change or reset, a
/// two-factor change, a role change, signing out everywhere) gives it a new stamp, so a connection that keeps the stamp
/// it was opened under can tell later whether that access still stands, even if the revocation never reached it.
/// </summary>
public sealed class SecurityStamps(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The account's stamp; null when there is no such account.</summary>
    public async Task<string?> CurrentAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp ?? "").FirstOrDefaultAsync(ct);
    }

    /// <summary>The stamps of those of <paramref name="userIds"/> that still exist, by account id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CurrentAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, Stamp = u.SecurityStamp ?? "" })
            .ToDictionaryAsync(u => u.Id, u => u.Stamp, StringComparer.Ordinal, ct);
    }
}
