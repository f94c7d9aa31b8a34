using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Notifications;

/// <summary>Which emails each account wants (all, until it says otherwise).</summary>
public sealed class NotificationSettings(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<NotificationChoices> GetAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForAsync(db, userId, ct);
    }

    public async Task<NotificationChoices> SaveAsync(string userId, NotificationChoices choices, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, ct);
            if (row is null)
            {
                row = new NotificationPreferences { UserId = userId };
                db.NotificationPreferences.Add(row);
            }

            choices.ApplyTo(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return choices;
            }
            catch (DbUpdateException e) when (attempt == 1 && DatabaseErrors.IsUniqueViolation(e))
            {
                // Another request created the row a moment ago: update it instead.
            }
        }
    }

    /// <summary>The account's choices, read in the caller's context.</summary>
    public static async Task<NotificationChoices> ForAsync(AppDbContext db, string userId, CancellationToken ct) =>
        await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => NotificationChoices.From(p)).FirstOrDefaultAsync(ct)
        ?? NotificationChoices.All;

    /// <summary>Those of <paramref name="userIds"/> that turned renewal emails off (billing asks before it mails renewal invoices).</summary>
    public static async Task<IReadOnlySet<string>> DeclinedRenewalAsync(AppDbContext db, IReadOnlyCollection<string> userIds, CancellationToken ct) =>
        (await db.NotificationPreferences.Where(p => userIds.Contains(p.UserId) && !p.Renewal).Select(p => p.UserId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
}
