namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary><c>GET /api/v1/servers/{id}/backups</c>: the plan's slots, how many are used, and the backups newest first.</summary>
public sealed record BackupListResponse(int Slots, int Used, IReadOnlyList<BackupResponse> Backups);
