using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts.Activity;

/// <summary>Records and reads account activity: what users see under Account, and staff see for everyone.</summary>
public sealed class ActivityLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The most rows one export (CSV) holds; narrow the filter for more.</summary>
    public const int ExportLimit = 10_000;

    /// <param name="actorId">The staff member who did it on <paramref name="userId"/>'s behalf (null: the customer or the platform).</param>
    /// <param name="serverId">The server concerned, when there is one.</param>
    public async Task RecordAsync(string? userId, AccountActivityKind kind, string detail, string? ipAddress, CancellationToken ct = default,
        string? actorId = null, int? serverId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AccountActivities.Add(new AccountActivity
        {
            UserId = userId,
            Kind = kind,
            Detail = detail.Length > AccountActivity.DetailMaxLength ? detail[..AccountActivity.DetailMaxLength] : detail,
            IpAddress = ipAddress,
            ActorId = actorId,
            ServerId = serverId,
            At = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Newest first; <paramref name="userId"/> null reads every account's activity (staff view).</summary>
    public Task<ActivityPage> GetPageAsync(string? userId, int page, int pageSize, string? search = null, CancellationToken ct = default) =>
        GetPageAsync(userId is null ? ActivityFilter.None with { Search = search } : new ActivityFilter(Customer: userId, Search: search), page, pageSize, ct);

    /// <summary>Newest first, narrowed by <paramref name="filter"/>.</summary>
    public async Task<ActivityPage> GetPageAsync(ActivityFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(page, 0);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Query(db, filter);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return new ActivityPage(rows, total);
    }

    /// <summary>Every row the filter matches, newest first, up to <see cref="ExportLimit"/>.</summary>
    public async Task<IReadOnlyList<ActivityRow>> ExportAsync(ActivityFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Query(db, filter).Take(ExportLimit).ToListAsync(ct);
    }

    /// <summary>The filtered rows, newest first.</summary>
    private static IQueryable<ActivityRow> Query(AppDbContext db, ActivityFilter filter)
    {
        var activities = db.AccountActivities.AsNoTracking();
        if (filter.Kind is { } kind)
        {
            activities = activities.Where(a => a.Kind == kind);
        }

        if (filter.ServerId is { } serverId)
        {
            activities = activities.Where(a => a.ServerId == serverId);
        }

        if (filter.From is { } from)
        {
            var since = from.ToUniversalTime();
            activities = activities.Where(a => a.At >= since);
        }

        if (filter.To is { } to)
        {
            var until = to.ToUniversalTime();
            activities = activities.Where(a => a.At < until);
        }

        if (Account(filter.Customer) is { } customer)
        {
            var ids = db.Users.Where(u => u.Id == customer || u.NormalizedEmail == customer.ToUpperInvariant()).Select(u => u.Id);
            activities = activities.Where(a => ids.Contains(a.UserId!));
        }

        if (Account(filter.Actor) is { } actor)
        {
            var ids = db.Users.Where(u => u.Id == actor || u.NormalizedEmail == actor.ToUpperInvariant()).Select(u => u.Id);
            activities = activities.Where(a => ids.Contains(a.ActorId!));
        }

        var joined =
            from a in activities
            join u in db.Users on a.UserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            join s in db.Users on a.ActorId equals s.Id into actors
            from s in actors.DefaultIfEmpty()
            select new { a, UserEmail = u == null ? null : u.Email, ActorEmail = s == null ? null : s.Email };
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            joined = joined.Where(x => (x.UserEmail != null && x.UserEmail.Contains(term)) || x.a.Detail.Contains(term));
        }

        var query = joined.OrderByDescending(x => x.a.At).ThenByDescending(x => x.a.Id).Select(x => new ActivityRow(x.a.Id, x.a.At, x.a.Kind, x.a.Detail, x.a.IpAddress, x.a.UserId, x.UserEmail,
            x.a.ActorId, x.ActorEmail, x.a.ServerId));
        return query;
    }

    private static string? Account(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
