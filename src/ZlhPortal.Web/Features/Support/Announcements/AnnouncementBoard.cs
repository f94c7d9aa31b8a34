using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Support.Announcements;

/// <summary>
/// Announcements admins post, and which of them a signed-in user sees now: those for everyone, and those for a node
/// where the user has a server. The banner asks on every page, so what it reads is cached briefly (and dropped on
/// every change made here; another instance catches up within <see cref="CacheFor"/>).
/// </summary>
public sealed class AnnouncementBoard(IDbContextFactory<AppDbContext> dbFactory, ServerDirectory servers, IMemoryCache cache, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const string LiveKey = "announcements:live";

    public async Task<IReadOnlyList<AnnouncementRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Announcements.AsNoTracking().OrderByDescending(a => a.StartsAt).ThenByDescending(a => a.Id).Select(Row).ToListAsync(ct);
    }

    /// <summary>Posts an announcement; returns why not, or null when posted.</summary>
    public async Task<string?> CreateAsync(AnnouncementInput input, string createdById, CancellationToken ct = default)
    {
        var title = input.Title?.Trim();
        var body = input.Body?.Trim() ?? "";
        if (string.IsNullOrEmpty(title) || title.Length > Announcement.TitleMaxLength)
        {
            return $"Give the announcement a title of at most {Announcement.TitleMaxLength} characters.";
        }

        if (body.Length > Announcement.BodyMaxLength)
        {
            return $"The text can be at most {Announcement.BodyMaxLength} characters.";
        }

        if (input.EndsAt <= input.StartsAt)
        {
            return "The end must come after the start.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Announcements.Add(new Announcement
        {
            Title = title, Body = body, Severity = input.Severity, Node = string.IsNullOrWhiteSpace(input.Node) ? null : input.Node.Trim(),
            StartsAt = input.StartsAt, EndsAt = input.EndsAt, CreatedById = createdById,
        });
        await db.SaveChangesAsync(ct);
        cache.Remove(LiveKey);
        return null;
    }

    /// <summary>Moves the end (to now, to take it down early); returns why not, or null when changed.</summary>
    public async Task<string?> SetEndAsync(int id, DateTimeOffset endsAt, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var announcement = await db.Announcements.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (announcement is null)
        {
            return "That announcement was deleted meanwhile.";
        }

        if (endsAt <= announcement.StartsAt)
        {
            return "The end must come after the start.";
        }

        announcement.EndsAt = endsAt;
        await db.SaveChangesAsync(ct);
        cache.Remove(LiveKey);
        return null;
    }

    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Announcements.Where(a => a.Id == id).ExecuteDeleteAsync(ct);
        cache.Remove(LiveKey);
    }

    /// <summary>What <paramref name="userId"/> sees now, the most serious first.</summary>
    public async Task<IReadOnlyList<AnnouncementRow>> CurrentForAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var current = (await LiveAsync(ct)).Where(a => a.StartsAt <= now && now < a.EndsAt).ToList();
        if (current.Any(a => a.Node is not null))
        {
            var nodes = await NodesOfAsync(userId, ct);
            current.RemoveAll(a => a.Node is not null && !nodes.Contains(a.Node));
        }

        return current.OrderByDescending(a => a.Severity).ThenBy(a => a.StartsAt).ToList();
    }

    // Not yet over when read: the time filter runs on each call, so one cached read serves starts and ends in between.
    private async Task<IReadOnlyList<AnnouncementRow>> LiveAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync(LiveKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return (IReadOnlyList<AnnouncementRow>)await db.Announcements.AsNoTracking().Where(a => a.EndsAt > now).Select(Row).ToListAsync(ct);
        }))!;

    private async Task<IReadOnlySet<string>> NodesOfAsync(string userId, CancellationToken ct) =>
        (await cache.GetOrCreateAsync($"announcements:nodes:{userId}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return (IReadOnlySet<string>)(await servers.ListForOwnerAsync(userId, ct)).Select(s => s.Node).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        }))!;

    private static readonly System.Linq.Expressions.Expression<Func<Announcement, AnnouncementRow>> Row =
        a => new AnnouncementRow(a.Id, a.Title, a.Body, a.Severity, a.Node, a.StartsAt, a.EndsAt);
}
