namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>
/// A backup of a server's container on the backup storage (Proxmox Backup Server through <c>vzdump</c>). The row is the
/// portal's record of it (name, who asked, lock); the archive itself is the storage's, named by <see cref="VolId"/>.
/// </summary>
public sealed class ServerBackup
{
    public const int NameMaxLength = 80;

    public const int NotesMaxLength = 500;

    public const int ErrorMaxLength = 500;

    public int Id { get; set; }

    public int ServerId { get; set; }

    public string Name { get; set; } = "";

    public string? Notes { get; set; }

    public BackupOrigin Origin { get; set; }

    public BackupState State { get; set; }

    /// <summary>Protected on the storage: never rotated away, and not deletable until unlocked.</summary>
    public bool Locked { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The <c>vzdump</c> task, once started: a job that resumes after a crash waits for it instead of starting another.</summary>
    public string? TaskUpid { get; set; }

    /// <summary>The archive on the storage, e.g. <c>pbs:backup/ct/1000/2026-12-03T14:00:00Z</c>.</summary>
    public string? VolId { get; set; }

    /// <summary>The node the backup was made on; the storage is asked about it there.</summary>
    public string? Node { get; set; }

    public long? SizeBytes { get; set; }

    /// <summary>Why it failed, in words a customer understands.</summary>
    public string? Error { get; set; }

    /// <summary>Set while this backup is being restored onto its server (the restore job finds it by this).</summary>
    public DateTimeOffset? RestoreRequestedAt { get; set; }

    public DateTimeOffset? LastRestoredAt { get; set; }

    /// <summary>The new backup whose success removes this one (rotation: the oldest unlocked backup makes room).</summary>
    public int? ReplacedById { get; set; }
}
