using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>
/// A server's backups as its owner (or staff, with no owner given) asks for them: list, make, lock, delete, restore.
/// Making and restoring take the server's operation slot; a plan's backup slots cap how many are kept, and a new backup
/// beyond the cap replaces the oldest unlocked one once it is stored.
/// </summary>
public sealed class ServerBackups(
    IDbContextFactory<AppDbContext> dbFactory, ServerLifecycle lifecycle, ServerAccessRevocation revocation, PlanCatalog catalog, BackupMaker maker,
    IBackgroundJobClient jobs, ServerEvents events, TimeProvider time, ILogger<ServerBackups> logger)
{
    /// <summary>The server's backups, newest first; null when the server is not the owner's (or does not exist).</summary>
    public async Task<BackupList?> ListAsync(int serverId, string? ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await ServerQuery(db, serverId, ownerId).Select(s => new { s.PlanId }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return null;
        }

        var slots = (await catalog.GetPlanAsync(server.PlanId, ct))?.BackupSlots ?? 0;
        var rows = await db.ServerBackups.AsNoTracking().Where(b => b.ServerId == serverId).ToListAsync(ct);
        return new BackupList(slots, rows.OrderByDescending(b => b.RequestedAt).ThenByDescending(b => b.Id).Select(View).ToList());
    }

    public async Task<BackupView?> FindAsync(int serverId, int backupId, string? ownerId, CancellationToken ct = default) =>
        (await ListAsync(serverId, ownerId, ct))?.Backups.FirstOrDefault(b => b.Id == backupId);

    /// <param name="actor">Who asked, for the server's history; the customer's email when null.</param>
    public async Task<BackupRequestResult> CreateAsync(
        int serverId, string? ownerId, string? name, string? notes, bool locked, BackupOrigin origin = BackupOrigin.Customer, CancellationToken ct = default,
        string? actor = null)
    {
        var now = time.GetUtcNow();
        name = string.IsNullOrWhiteSpace(name) ? $"Backup {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : name.Trim();
        notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (name.Length > ServerBackup.NameMaxLength || name.Any(char.IsControl))
        {
            return new(ServerRequestResult.Invalid($"Give the backup a name of at most {ServerBackup.NameMaxLength} characters on one line."));
        }

        if (notes?.Length > ServerBackup.NotesMaxLength)
        {
            return new(ServerRequestResult.Invalid($"Notes can be at most {ServerBackup.NotesMaxLength} characters."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await ServerQuery(db, serverId, ownerId).Select(s => new { s.PlanId }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return new(ServerRequestResult.NotFound(serverId));
        }

        var slots = (await catalog.GetPlanAsync(server.PlanId, ct))?.BackupSlots ?? 0;
        if (slots == 0)
        {
            return new(ServerRequestResult.Conflict("Your plan includes no backups. Change to a plan with backup slots to make one."));
        }

        var held = await db.ServerBackups.AsNoTracking()
            .Where(b => b.ServerId == serverId && b.State != BackupState.Failed && b.State != BackupState.Deleting).ToListAsync(ct);
        ServerBackup? replaced = null;
        if (held.Count >= slots)
        {
            replaced = held.Where(b => b.State == BackupState.Ready && !b.Locked && b.RestoreRequestedAt == null && b.ReplacedById == null).MinBy(b => b.RequestedAt);
            if (replaced is null)
            {
                return new(ServerRequestResult.Conflict(held.All(b => b.Locked)
                    ? $"All {slots} of your backup slots hold locked backups. Unlock or delete one to make room for a new backup."
                    : $"All {slots} of your backup slots are in use and none can be replaced right now; try again when the backup under way has finished."));
            }
        }

        var backup = new ServerBackup { ServerId = serverId, Name = name, Notes = notes, Origin = origin, Locked = locked, State = BackupState.Pending, RequestedAt = now };
        var claim = await lifecycle.ClaimAsync(serverId, ownerId, ServerOperation.Backup, async (claimDb, c) =>
        {
            claimDb.ServerBackups.Add(backup);
            await claimDb.SaveChangesAsync(c);
            if (replaced is not null)
            {
                await claimDb.ServerBackups.Where(b => b.Id == replaced.Id && b.ReplacedById == null && !b.Locked)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.ReplacedById, backup.Id), c);
            }
        }, (HistoryKind.Backup, replaced is null ? $"Backup '{name}' requested." : $"Backup '{name}' requested; it replaces '{replaced.Name}' once stored.", actor), ct);
        if (!claim.Accepted)
        {
            return new(claim);
        }

        jobs.Enqueue<BackupServerJob>(job => job.RunAsync(serverId, CancellationToken.None));
        logger.LogInformation("Backup {BackupId} of server {ServerId} requested ({Origin})", backup.Id, serverId, origin);
        return new(new ServerRequestResult(ServerRequestOutcome.Accepted,
            replaced is null ? $"Backup '{name}' started." : $"Backup '{name}' started; once it is stored it replaces '{replaced.Name}', your oldest unlocked backup.",
            serverId), backup.Id);
    }

    /// <summary>Locks a backup (never replaced, not deletable) or unlocks it; on the storage too, so the lock holds there.</summary>
    public async Task<ServerRequestResult> SetLockedAsync(int serverId, int backupId, string? ownerId, bool locked, CancellationToken ct = default)
    {
        var backup = await OwnedBackupAsync(serverId, backupId, ownerId, ct);
        if (backup is null)
        {
            return NoSuchBackup(backupId);
        }

        if (backup.State == BackupState.Deleting || (locked && backup.State == BackupState.Failed))
        {
            return ServerRequestResult.Conflict(backup.State == BackupState.Deleting ? "This backup is being deleted." : "A failed backup cannot be locked.");
        }

        if (backup.Locked != locked)
        {
            if (backup.State == BackupState.Ready)
            {
                try
                {
                    await maker.ProtectAsync(backup, locked, ct);
                }
                catch (TransientRuntimeException e)
                {
                    logger.LogWarning("Could not {Action} backup {BackupId}: {Error}", locked ? "lock" : "unlock", backupId, e.Message);
                    return ServerRequestResult.Unavailable("The backup storage cannot be reached right now, so nothing was changed. Try again in a few minutes.");
                }
            }

            // A locked backup is never replaced: if a backup under way was to replace it, that one now simply adds to it.
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = db.ServerBackups.Where(b => b.Id == backupId);
            await (locked
                ? rows.ExecuteUpdateAsync(s => s.SetProperty(b => b.Locked, true).SetProperty(b => b.ReplacedById, (int?)null), ct)
                : rows.ExecuteUpdateAsync(s => s.SetProperty(b => b.Locked, false), ct));
            await PublishAsync(serverId, ct);
        }

        return new ServerRequestResult(ServerRequestOutcome.Accepted, locked ? $"'{backup.Name}' is locked." : $"'{backup.Name}' is unlocked.", serverId);
    }

    public async Task<ServerRequestResult> DeleteAsync(int serverId, int backupId, string? ownerId, CancellationToken ct = default)
    {
        var backup = await OwnedBackupAsync(serverId, backupId, ownerId, ct);
        if (backup is null)
        {
            return NoSuchBackup(backupId);
        }

        if (backup.State == BackupState.Deleting)
        {
            return new ServerRequestResult(ServerRequestOutcome.Accepted, $"'{backup.Name}' is being deleted.", serverId);
        }

        var refusal = backup switch
        {
            { Locked: true } => "This backup is locked. Unlock it before deleting it.",
            { State: BackupState.Pending or BackupState.Creating } => "This backup is still being made; delete it once it has finished.",
            { RestoreRequestedAt: not null } => "This backup is being restored onto your server.",
            _ => null,
        };
        if (refusal is not null)
        {
            return ServerRequestResult.Conflict(refusal);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.ServerBackups
            .Where(b => b.Id == backupId && b.State == backup.State && !b.Locked && b.RestoreRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BackupState.Deleting), ct);
        if (taken == 0)
        {
            return ServerRequestResult.Conflict("This backup changed a moment ago; look at it again.");
        }

        jobs.Enqueue<DeleteBackupJob>(job => job.RunAsync(backupId, CancellationToken.None));
        await PublishAsync(serverId, ct);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"'{backup.Name}' is being deleted.", serverId);
    }

    /// <summary>Replaces the server by the backup (a safety backup of it as it is comes first); see <see cref="RestoreServerJob"/>.</summary>
    public async Task<ServerRequestResult> RestoreAsync(int serverId, int backupId, string? ownerId, CancellationToken ct = default, string? actor = null)
    {
        var backup = await OwnedBackupAsync(serverId, backupId, ownerId, ct);
        if (backup is null)
        {
            return NoSuchBackup(backupId);
        }

        if (backup.State != BackupState.Ready)
        {
            return ServerRequestResult.Conflict("Only a finished backup can be restored.");
        }

        try
        {
            var claim = await lifecycle.ClaimStepsAsync(serverId, ownerId, ServerOperation.Restore, ServerSteps.Restore, ct, history:
                (HistoryKind.Restore, $"Restore of backup '{backup.Name}' ({backup.RequestedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC) requested.", actor), withClaim: async (db, c) =>
            {
                var marked = await db.ServerBackups.Where(b => b.Id == backupId && b.State == BackupState.Ready)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.RestoreRequestedAt, time.GetUtcNow()), c);
                if (marked == 0)
                {
                    throw new BackupGoneException();
                }
            });
            if (!claim.Accepted)
            {
                return claim;
            }
        }
        catch (BackupGoneException)
        {
            return ServerRequestResult.Conflict("This backup was deleted a moment ago.");
        }

        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Restored);
        jobs.Enqueue<RestoreServerJob>(job => job.RunAsync(serverId, CancellationToken.None));
        logger.LogInformation("Restore of backup {BackupId} onto server {ServerId} requested", backupId, serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted,
            $"Restoring '{backup.Name}'. A backup of the server as it is now is made first.", serverId);
    }

    /// <summary>Staff: stored backups per node and per customer, and the backups that failed in the last <paramref name="window"/>.</summary>
    public async Task<BackupUsage> UsageAsync(TimeSpan window, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = time.GetUtcNow() - window;
        var rows = await db.ServerBackups.AsNoTracking()
            .Where(b => b.State == BackupState.Ready || (b.State == BackupState.Failed && b.RequestedAt >= since))
            .Join(db.Servers, b => b.ServerId, s => s.Id, (b, s) => new { b.Id, b.ServerId, ServerName = s.Name, s.OwnerId, Node = b.Node ?? s.Node, b.Name, b.State, b.SizeBytes, b.RequestedAt, b.Error })
            .Join(db.Users, x => x.OwnerId, u => u.Id, (x, u) => new { x.Id, x.ServerId, x.ServerName, Email = u.Email ?? u.Id, x.Node, x.Name, x.State, x.SizeBytes, x.RequestedAt, x.Error })
            .ToListAsync(ct);
        List<BackupUsageRow> Group(Func<string, string> label, Func<(string Email, string? Node), string> key) => rows
            .GroupBy(r => key((r.Email, r.Node)))
            .Select(g => new BackupUsageRow(label(g.Key), g.Count(r => r.State == BackupState.Ready), g.Sum(r => r.SizeBytes ?? 0), g.Count(r => r.State == BackupState.Failed)))
            .OrderByDescending(r => r.Bytes).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new BackupUsage(
            Group(k => k, r => r.Node ?? "(no node)"),
            Group(k => k, r => r.Email),
            rows.Where(r => r.State == BackupState.Failed).OrderByDescending(r => r.RequestedAt)
                .Select(r => new FailedBackupRow(r.Id, r.ServerId, r.ServerName, r.Email, r.Name, r.RequestedAt, r.Error)).ToList());
    }

    private static IQueryable<HostedServer> ServerQuery(AppDbContext db, int serverId, string? ownerId) =>
        db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted && (ownerId == null || s.OwnerId == ownerId));

    private async Task<ServerBackup?> OwnedBackupAsync(int serverId, int backupId, string? ownerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = ServerQuery(db, serverId, ownerId);
        return await db.ServerBackups.AsNoTracking()
            .Where(b => b.Id == backupId && b.ServerId == serverId && server.Any())
            .FirstOrDefaultAsync(ct);
    }

    private async Task PublishAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Servers.Where(s => s.Id == serverId).Select(s => s.OwnerId).FirstOrDefaultAsync(ct) is { } owner)
        {
            await events.PublishAsync(new ServerChanged(serverId, owner));
        }
    }

    private static ServerRequestResult NoSuchBackup(int backupId) =>
        new(ServerRequestOutcome.NotFound, $"This server has no backup with id {backupId}.");

    private static BackupView View(ServerBackup b) =>
        new(b.Id, b.Name, b.Notes, b.Origin, b.State, b.Locked, b.RequestedAt, b.FinishedAt, b.SizeBytes, b.Error, b.RestoreRequestedAt is not null, b.LastRestoredAt);

    private sealed class BackupGoneException : Exception;
}
