using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>Counts shown on the admin overview.</summary>
public sealed class AccountStatistics(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<AccountCounts> GetCountsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byRole = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id group ur by r.Name into g select new { Role = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Role ?? "", x => x.Count, ct);
        var now = time.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        var dayAgo = now.AddDays(-1);
        return new AccountCounts(
            byRole.GetValueOrDefault(Roles.Customer),
            byRole.GetValueOrDefault(Roles.Support),
            byRole.GetValueOrDefault(Roles.Admin),
            await db.Users.CountAsync(u => !u.EmailConfirmed, ct),
            await db.Users.CountAsync(u => u.CreatedAt >= weekAgo, ct),
            await db.AccountActivities.CountAsync(a => a.Kind == AccountActivityKind.LoginFailed && a.At >= dayAgo, ct));
    }
}
