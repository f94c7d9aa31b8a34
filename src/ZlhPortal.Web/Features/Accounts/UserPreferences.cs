using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>Per-user UI preferences, remembered across devices.</summary>
public sealed class UserPreferences(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<bool?> GetDarkModeAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).FirstOrDefaultAsync(ct);
    }

    public async Task SetDarkModeAsync(string userId, bool dark, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, dark), ct);
    }
}
