namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>A backup as its server's page and the API show it.</summary>
public sealed record BackupView(
    int Id, string Name, string? Notes, BackupOrigin Origin, BackupState State, bool Locked, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt,
    long? SizeBytes, string? Error, bool Restoring, DateTimeOffset? LastRestoredAt);
