namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>What backups take, per node and per customer, and the backups that failed lately (the back office's view).</summary>
public sealed record BackupUsage(IReadOnlyList<BackupUsageRow> ByNode, IReadOnlyList<BackupUsageRow> ByCustomer, IReadOnlyList<FailedBackupRow> Failed);

/// <summary>Stored backups (ready ones) of one node or customer, their total size, and how many failed in the window.</summary>
public sealed record BackupUsageRow(string Key, int Backups, long Bytes, int Failed);

public sealed record FailedBackupRow(int BackupId, int ServerId, string ServerName, string OwnerEmail, string Name, DateTimeOffset At, string? Error);
