using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts.Activity;

/// <summary>Records and reads account activity: what users see under Account, and admins see for everyone.</summary>
public sealed class ActivityLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task RecordAsync(string? userId, AccountActivityKind kind, string detail, string? ipAddress, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AccountActivities.Add(new AccountActivity
        {
            UserId = userId,
            Kind = kind,
            Detail = detail.Length > AccountActivity.DetailMaxLength ? detail[..AccountActivity.DetailMaxLength] : detail,
            IpAddress = ipAddress,
            At = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Newest first; <paramref name="userId"/> null reads every account's activity (admin view).</summary>
    public async Task<ActivityPage> GetPageAsync(string? userId, int page, int pageSize, string? search = null, CancellationToken ct = default)
    {
        page = Math.Max(page, 0);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query =
            from a in db.AccountActivities.AsNoTracking()
            join u in db.Users on a.UserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            select new { a, Email = u == null ? null : u.Email };
        if (userId is not null)
        {
            query = query.Where(x => x.a.UserId == userId);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(x => (x.Email != null && x.Email.Contains(term)) || x.a.Detail.Contains(term));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.a.At).ThenByDescending(x => x.a.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(x => new ActivityRow(x.a.Id, x.a.At, x.a.Kind, x.a.Detail, x.a.IpAddress, x.a.UserId, x.Email))
            .ToListAsync(ct);
        return new ActivityPage(rows, total);
    }
}
