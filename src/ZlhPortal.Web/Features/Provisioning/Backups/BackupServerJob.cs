using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>
/// Makes the backup a customer (or a schedule) asked for, in the server's operation slot, then removes the backup it
/// replaces when the plan's slots were full: the oldest unlocked one goes only once the new one is safely stored.
/// </summary>
public sealed class BackupServerJob(
    IDbContextFactory<AppDbContext> dbFactory, ServerStore store, BackupMaker maker, ServerLocks locks, ILogger<BackupServerJob> logger)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Operation != ServerOperation.Backup)
        {
            return;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // The slot holds one backup at a time: the one not yet made is this operation's.
            var backupId = await db.ServerBackups
                .Where(b => b.ServerId == serverId && b.Origin != BackupOrigin.SafetyCopy && (b.State == BackupState.Pending || b.State == BackupState.Creating))
                .OrderByDescending(b => b.RequestedAt).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
            if (backupId is { } id)
            {
                var made = await maker.MakeAsync(id, server, ct);
                await RotateAsync(db, server, id, made, maker, ct);
            }
        }

        await store.FinishOperationAsync(serverId, server.Status, ct);
        logger.LogInformation("Backup of server {ServerId} finished", serverId);
    }

    /// <summary>
    /// Removes the backups <paramref name="backupId"/> was to replace once it is stored; if it failed, they stay and
    /// are free to be replaced by the next one.
    /// </summary>
    public static async Task RotateAsync(AppDbContext db, HostedServer server, int backupId, bool made, BackupMaker maker, CancellationToken ct)
    {
        var replaced = await db.ServerBackups.AsNoTracking().Where(b => b.ReplacedById == backupId).ToListAsync(ct);
        if (!made)
        {
            await db.ServerBackups.Where(b => b.ReplacedById == backupId).ExecuteUpdateAsync(s => s.SetProperty(b => b.ReplacedById, (int?)null), ct);
            return;
        }

        foreach (var old in replaced.Where(b => !b.Locked))
        {
            await maker.RemoveAsync(old, server.Id, server.OwnerId, ct);
        }
    }
}
