namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>Body of <c>POST /api/v1/servers/{id}/backups</c>; every field is optional.</summary>
public sealed record CreateBackupRequest(string? Name, string? Notes, bool? Locked);
