namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary><c>POST /api/v1/servers/{id}/version</c>: one of the versions <c>GET /api/v1/catalog/templates/{slug}/versions</c> lists.</summary>
public sealed record VersionChangeRequest(string? Version);
