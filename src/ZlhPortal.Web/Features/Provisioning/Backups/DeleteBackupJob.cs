using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>Removes a backup the customer deleted from the storage, then its row. Outside the server's slot: the container is not touched.</summary>
public sealed class DeleteBackupJob(IDbContextFactory<AppDbContext> dbFactory, BackupMaker maker)
{
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600])]
    public async Task RunAsync(int backupId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.ServerBackups.AsNoTracking().Where(b => b.Id == backupId && b.State == BackupState.Deleting)
            .Join(db.Servers, b => b.ServerId, s => s.Id, (b, s) => new { Backup = b, s.OwnerId })
            .FirstOrDefaultAsync(ct);
        if (target is not null)
        {
            await maker.RemoveAsync(target.Backup, target.Backup.ServerId, target.OwnerId, ct);
        }
    }
}
