using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Replies staff use often; pages that call this are for support staff and admins only.</summary>
public sealed class CannedReplies(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<CannedReplyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CannedReplies.AsNoTracking().OrderBy(c => c.Title).Select(c => new CannedReplyRow(c.Id, c.Title, c.Body)).ToListAsync(ct);
    }

    /// <summary>Adds a reply (id null) or changes one; returns why not, or null when saved.</summary>
    public async Task<string?> SaveAsync(int? id, string? title, string? body, CancellationToken ct = default)
    {
        title = title?.Trim();
        body = body?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > CannedReply.TitleMaxLength)
        {
            return $"Give the reply a title of at most {CannedReply.TitleMaxLength} characters, so staff can find it in the list.";
        }

        if (string.IsNullOrEmpty(body) || body.Length > TicketMessage.BodyMaxLength)
        {
            return $"Write the reply's text (at most {TicketMessage.BodyMaxLength} characters).";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (id is null)
        {
            db.CannedReplies.Add(new CannedReply { Title = title, Body = body });
            await db.SaveChangesAsync(ct);
            return null;
        }

        var changed = await db.CannedReplies.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, title).SetProperty(c => c.Body, body), ct);
        return changed == 0 ? "That reply was deleted meanwhile; add it again." : null;
    }

    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.CannedReplies.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
    }
}
