using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>
/// Makes one backup with <c>vzdump</c> and records where it landed; removes backups from the storage. Shared by the
/// backup job and the restore's safety copy. Every step is recorded before the next, so a run cut short by a crash is
/// resumed by waiting for its task rather than starting a second one.
/// </summary>
public sealed class BackupMaker(
    IDbContextFactory<AppDbContext> dbFactory, RuntimeCalls runtime, ServerEvents events, ServerHistory history, IOptions<BackupOptions> options, TimeProvider time,
    ILogger<BackupMaker> logger)
{
    /// <summary>Runs (or finishes) the backup; true when it is on the storage, false when it failed (the reason is recorded on it).</summary>
    public async Task<bool> MakeAsync(int backupId, HostedServer server, CancellationToken ct)
    {
        var backup = await FindAsync(backupId, ct);
        if (backup is null || backup.State is BackupState.Ready or BackupState.Failed or BackupState.Deleting)
        {
            return backup?.State == BackupState.Ready;
        }

        if (server.Node is null || server.Vmid is not { } vmid)
        {
            await FailAsync(backup, server, "This server has no container to back up yet.", ct);
            return false;
        }

        var node = runtime.Proxmox.Nodes[server.Node];
        if (!Upid.TryParse(backup.TaskUpid, out var task))
        {
            if (time.GetUtcNow() - backup.RequestedAt > options.Value.StartWithin)
            {
                await FailAsync(backup, server, "The backup could not start: the hosting platform did not answer. Try again later.", ct,
                    $"Not started within {options.Value.StartWithin}.");
                return false;
            }

            var started = await runtime.CallAsync("start a backup", c => node.VzdumpAsync(new VzdumpRequest(vmid)
            {
                Storage = options.Value.Storage,
                Mode = "snapshot",
                Compress = "zstd",
                NotesTemplate = NotesTemplate(backup.Name),
                Protected = backup.Locked ? true : null,
            }, c), ct);
            if (!started.IsSuccess || started.Data is null)
            {
                // No task: refused outright (no such storage, bad parameters), or the guest is not on that node.
                await FailAsync(backup, server, "The backup could not be started. Our team has been told.", ct, started.Error?.ToString() ?? "vzdump started no task");
                return false;
            }

            task = started.Data;
            await UpdateAsync(backup.Id, server, b =>
            {
                b.State = BackupState.Creating;
                b.TaskUpid = started.Data.Value;
                b.Node = server.Node;
            }, ct);
        }

        string? error = null;
        try
        {
            await runtime.WaitForTaskAsync($"backup of container {vmid}", task, ct);
        }
        catch (TaskFailedException e)
        {
            // A backup job ends with "job errors"; why its guest failed is in the task's log.
            error = await GuestErrorAsync(task, ct) ?? e.Message;
        }

        if (error?.Contains("older than last backup", StringComparison.Ordinal) == true)
        {
            // Proxmox Backup Server names backups by the second and refuses a second one within the same second (a
            // restore's safety backup right after a backup): start it again a moment later.
            await UpdateAsync(backup.Id, server, b =>
            {
                b.State = BackupState.Pending;
                b.TaskUpid = null;
            }, ct);
            throw new TransientRuntimeException($"backup of container {vmid}: the backup storage already holds one from this second.");
        }
        if (error is not null)
        {
            await FailAsync(backup, server, error.Contains("locked", StringComparison.OrdinalIgnoreCase)
                ? "The server was busy with another task; try the backup again in a few minutes."
                : "The backup failed. Our team has been told.", ct, error);
            return false;
        }

        // vzdump does not say where the archive went: it is this guest's newest backup on the storage that no other row names.
        var content = await runtime.CallAsync("list backups", c => node.Storage[options.Value.Storage].ContentAsync("backup", vmid, c), ct);
        if (!content.IsSuccess)
        {
            throw new TransientRuntimeException($"list backups: {content.Error}");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.ServerBackups.Where(b => b.VolId != null && b.Id != backupId).Select(b => b.VolId!).ToListAsync(ct);
        var archive = content.Data!
            .Where(i => i.Vmid == vmid && i.CTime >= task.StartTime.ToUnixTimeSeconds() - 1 && !known.Contains(i.VolId))
            .MaxBy(i => i.CTime);
        if (archive is null)
        {
            await FailAsync(backup, server, "The backup finished but could not be found on the backup storage. Our team has been told.", ct,
                $"No new archive of {vmid} on {options.Value.Storage} after {task}.");
            return false;
        }

        await UpdateAsync(backup.Id, server, b =>
        {
            b.State = BackupState.Ready;
            b.VolId = archive.VolId;
            b.SizeBytes = archive.Size;
            b.FinishedAt = time.GetUtcNow();
        }, ct);
        // Locked while it was being made: the storage has to hear of it too.
        var current = await FindAsync(backupId, ct);
        if (current is { Locked: true } && !archive.Protected)
        {
            await ProtectAsync(current, true, ct);
        }

        await history.RecordAsync(server.Id, HistoryKind.Backup, HistoryActors.Platform,
            $"Backup '{backup.Name}' made ({archive.Size / (1024.0 * 1024.0):0.0} MB).", ct, onceKey: $"backup-made:{backup.Id}");
        logger.LogInformation("Backup {BackupId} of server {ServerId} is {VolId} ({Size} bytes)", backupId, server.Id, archive.VolId, archive.Size);
        return true;
    }

    /// <summary>Sets the archive's protection on the storage (a locked backup cannot be removed there either).</summary>
    public async Task ProtectAsync(ServerBackup backup, bool locked, CancellationToken ct)
    {
        if (backup.VolId is null || backup.Node is null)
        {
            return;
        }

        var set = await runtime.CallAsync("protect a backup",
            c => runtime.Proxmox.Nodes[backup.Node].Storage[StorageOf(backup.VolId)].SetVolumeAsync(backup.VolId, isProtected: locked, ct: c), ct);
        if (!set.IsSuccess)
        {
            throw new TransientRuntimeException($"protect a backup: {set.Error}");
        }
    }

    /// <summary>Removes the archive from the storage (lifting its protection first) and the row; a backup already gone is simply forgotten.</summary>
    public async Task RemoveAsync(ServerBackup backup, int ownerServerId, string ownerId, CancellationToken ct)
    {
        if (backup.VolId is not null && backup.Node is not null)
        {
            var storage = runtime.Proxmox.Nodes[backup.Node].Storage[StorageOf(backup.VolId)];
            if (backup.Locked)
            {
                await ProtectAsync(backup, false, ct);
            }

            var removed = await runtime.CallAsync("remove a backup", c => storage.DeleteVolumeAsync(backup.VolId, c), ct);
            if (removed.IsSuccess && removed.Data is { } task)
            {
                await runtime.WaitForTaskAsync("remove a backup", task, ct);
            }
            else if (removed.Error?.Kind != ProxmoxErrorKind.NotFound && !IsGone(removed.Error))
            {
                throw new TransientRuntimeException($"remove a backup: {removed.Error}");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ServerBackups.Where(b => b.Id == backup.Id).ExecuteDeleteAsync(ct);
        await events.PublishAsync(new ServerChanged(ownerServerId, ownerId));
        logger.LogInformation("Backup {BackupId} ({VolId}) removed", backup.Id, backup.VolId);
    }

    /// <summary>Removes every backup of a server being deleted, locked ones too: nobody can see or restore them any more.</summary>
    public async Task RemoveAllAsync(HostedServer server, CancellationToken ct)
    {
        List<ServerBackup> backups;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            backups = await db.ServerBackups.AsNoTracking().Where(b => b.ServerId == server.Id).ToListAsync(ct);
        }

        foreach (var backup in backups)
        {
            await RemoveAsync(backup, server.Id, server.OwnerId, ct);
        }
    }

    public async Task<ServerBackup?> FindAsync(int backupId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServerBackups.AsNoTracking().FirstOrDefaultAsync(b => b.Id == backupId, ct);
    }

    public async Task UpdateAsync(int backupId, HostedServer server, Action<ServerBackup> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var backup = await db.ServerBackups.FirstAsync(b => b.Id == backupId, ct);
        change(backup);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new ServerChanged(server.Id, server.OwnerId));
    }

    /// <summary>The storage id of a volume id (<c>pbs:backup/…</c> → <c>pbs</c>).</summary>
    public static string StorageOf(string volId) => volId.Split(':', 2)[0];

    /// <summary>
    /// The backup's name as vzdump's notes template: one line without backslashes, and its <c>{{…}}</c> variables
    /// written out so a name cannot smuggle one in.
    /// </summary>
    public static string NotesTemplate(string name) =>
        new string(name.Select(c => char.IsControl(c) || c == '\\' ? ' ' : c).ToArray()).Replace("{{", "{ {", StringComparison.Ordinal).Trim();

    private async Task FailAsync(ServerBackup backup, HostedServer server, string reason, CancellationToken ct, string? detail = null)
    {
        logger.LogWarning("Backup {BackupId} of server {ServerId} failed: {Detail}", backup.Id, server.Id, detail ?? reason);
        await history.RecordAsync(server.Id, HistoryKind.Backup, HistoryActors.Platform, HistoryTexts.BackupFailed(backup.Name, reason), ct,
            onceKey: $"backup-failed:{backup.Id}");
        await UpdateAsync(backup.Id, server, b =>
        {
            b.State = BackupState.Failed;
            b.Error = ServerStore.Truncate(reason, ServerBackup.ErrorMaxLength);
            b.FinishedAt = time.GetUtcNow();
            b.RestoreRequestedAt = null;
        }, ct);
    }

    /// <summary>The <c>ERROR:</c> line of a failed backup task's log, if it can be read.</summary>
    private async Task<string?> GuestErrorAsync(Upid task, CancellationToken ct)
    {
        var log = await runtime.Proxmox.Nodes[task.Node].Tasks[task].LogAsync(0, 500, ct);
        return log.Data?.Select(l => l.T).FirstOrDefault(t => t.StartsWith("ERROR:", StringComparison.Ordinal));
    }

    private static bool IsGone(ProxmoxError? error) =>
        error?.Message?.Contains("does not exist", StringComparison.OrdinalIgnoreCase) == true
        || error?.Message?.Contains("no such", StringComparison.OrdinalIgnoreCase) == true;
}
