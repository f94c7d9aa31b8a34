using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>
/// The backup an operation that replaces part of a server (a restore, a version change) takes of it first, in one of the
/// plan's slots (the oldest unlocked backup makes room). The operation's step runs this; run again, it finds the copy it
/// already made (newer than the operation's claim) instead of making another.
/// </summary>
public sealed class SafetyBackups(IDbContextFactory<AppDbContext> dbFactory, BackupMaker maker, PlanCatalog catalog, TimeProvider time)
{
    /// <summary>The safety copy the server's current operation made, if any.</summary>
    public async Task<ServerBackup?> FindAsync(HostedServer server, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServerBackups.AsNoTracking()
            .Where(b => b.ServerId == server.Id && b.Origin == BackupOrigin.SafetyCopy && b.RequestedAt >= server.OperationStartedAt)
            .OrderByDescending(b => b.RequestedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>Makes the safety copy (or finishes the one made before a crash).</summary>
    /// <param name="keep">A backup that must not make room (the one being restored).</param>
    /// <returns>The step's message; a full set of locked slots is said, not failed: the operation goes on without a copy.</returns>
    /// <exception cref="ProvisioningException">The backup failed: the operation must not go on.</exception>
    public async Task<string?> MakeAsync(HostedServer server, string name, string operation, int? keep, CancellationToken ct)
    {
        var safety = await FindAsync(server, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (safety is null)
        {
            var slots = (await catalog.GetPlanAsync(server.PlanId, ct))?.BackupSlots ?? 0;
            var held = await db.ServerBackups.Where(b => b.ServerId == server.Id && b.State != BackupState.Failed && b.State != BackupState.Deleting).ToListAsync(ct);
            var room = held.Count < slots ? null : held
                .Where(b => b.State == BackupState.Ready && !b.Locked && b.Id != keep && b.ReplacedById == null)
                .MinBy(b => b.RequestedAt);
            if (held.Count >= slots && room is null)
            {
                return $"No free backup slot for a safety backup, so the {operation} goes on without one.";
            }

            safety = new ServerBackup
            {
                ServerId = server.Id,
                Name = ServerStore.Truncate(name, ServerBackup.NameMaxLength)!,
                Origin = BackupOrigin.SafetyCopy,
                State = BackupState.Pending,
                RequestedAt = time.GetUtcNow(),
            };
            db.ServerBackups.Add(safety);
            await db.SaveChangesAsync(ct);
            if (room is not null)
            {
                room.ReplacedById = safety.Id;
                await db.SaveChangesAsync(ct);
            }
        }

        var made = await maker.MakeAsync(safety.Id, server, ct);
        await BackupServerJob.RotateAsync(db, server, safety.Id, made, maker, ct);
        if (!made)
        {
            throw new ProvisioningException($"The safety backup of your server failed, so the {operation} did not start.", $"Safety backup {safety.Id} failed.");
        }

        return $"Safety backup '{safety.Name}' made.";
    }
}
