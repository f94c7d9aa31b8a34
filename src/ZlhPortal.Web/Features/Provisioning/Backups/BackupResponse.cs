using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>A backup in the REST API. <c>state</c> is pending, creating, ready, failed or deleting.</summary>
public sealed record BackupResponse(
    int Id, string Name, string? Notes, string Origin, string State, bool Locked, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, long? SizeBytes,
    string? Error, bool Restoring, DateTimeOffset? LastRestoredAt)
{
    public static BackupResponse From(BackupView b) => new(
        b.Id, b.Name, b.Notes, ApiNames.Kebab(b.Origin), ApiNames.Kebab(b.State), b.Locked, b.RequestedAt, b.FinishedAt, b.SizeBytes,
        b.Error, b.Restoring, b.LastRestoredAt);
}
