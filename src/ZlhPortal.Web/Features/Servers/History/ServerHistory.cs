using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>
/// A server's timeline. Every part that acts on a server, or sees something happen to it, writes a line here; its owner
/// reads them newest first ("why did my server stop?" is answered by the line at that time).
/// </summary>
public sealed class ServerHistory(
    IDbContextFactory<AppDbContext> dbFactory, ServerEvents events, IEnumerable<IHistoryObserver> observers, TimeProvider time, ILogger<ServerHistory> logger)
{
    public const int PageSize = 50;

    public const int MaxPage = 200;

    /// <summary>Writes a line; false when <paramref name="onceKey"/> was already written for this server (someone else saw it first).</summary>
    public async Task<bool> RecordAsync(int serverId, HistoryKind kind, string actor, string text, CancellationToken ct = default, string? onceKey = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = Add(db, serverId, kind, actor, text, onceKey);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (onceKey is not null && DatabaseErrors.IsUniqueViolation(e))
        {
            return false;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsForeignKeyViolation(e))
        {
            logger.LogInformation("History of server {ServerId} not written: no such server", serverId);
            return false;
        }

        var owner = await db.Servers.Where(s => s.Id == serverId).Select(s => s.OwnerId).FirstOrDefaultAsync(ct);
        if (owner is not null)
        {
            await events.PublishAsync(new ServerChanged(serverId, owner));
            await TellObserversAsync(new SavedHistoryEntry(entry.Id, serverId, owner, entry.At, kind, entry.Actor, entry.Text), ct);
        }

        return true;
    }

    private async Task TellObserversAsync(SavedHistoryEntry entry, CancellationToken ct)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.SavedAsync(entry, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The line is written; what others do with it must not turn the writer's success into a failure.
                logger.LogError(e, "{Observer} failed on history entry {EntryId} of server {ServerId}", observer.GetType().Name, entry.Id, entry.ServerId);
            }
        }
    }

    /// <summary>Adds a line to <paramref name="db"/>'s unit of work, to be saved with the change it records.</summary>
    public ServerHistoryEntry Add(AppDbContext db, int serverId, HistoryKind kind, string actor, string text, string? onceKey = null) =>
        db.ServerHistory.Add(new ServerHistoryEntry
        {
            ServerId = serverId,
            At = time.GetUtcNow(),
            Kind = kind,
            Actor = Truncate(actor, ServerHistoryEntry.ActorMaxLength),
            Text = Truncate(text, ServerHistoryEntry.TextMaxLength),
            OnceKey = onceKey,
        }).Entity;

    /// <summary>
    /// The server's lines newest first, <see cref="PageSize"/> at a time: of one kind if given, and older than
    /// <paramref name="before"/> (the last line's time on the previous page). Null when the server is not the owner's.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEntryView>?> ListAsync(
        int serverId, string? ownerId, HistoryKind? kind = null, DateTimeOffset? before = null, int limit = PageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Servers.AnyAsync(s => s.Id == serverId && s.Status != ServerStatus.Deleted && (ownerId == null || s.OwnerId == ownerId), ct))
        {
            return null;
        }

        var query = db.ServerHistory.AsNoTracking().Where(e => e.ServerId == serverId);
        if (kind is { } k)
        {
            query = query.Where(e => e.Kind == k);
        }

        if (before is { } b)
        {
            query = query.Where(e => e.At < b);
        }

        return await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(Math.Clamp(limit, 1, MaxPage))
            .Select(e => new HistoryEntryView(e.Id, e.At, e.Kind, e.Actor, e.Text)).ToListAsync(ct);
    }

    private static string Truncate(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
