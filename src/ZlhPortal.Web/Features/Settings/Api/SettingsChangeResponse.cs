namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary><c>PUT /api/v1/servers/{id}/settings</c>: the fields whose values changed, and whether a restart is needed to apply them.</summary>
public sealed record SettingsChangeResponse(IReadOnlyList<string> Changed, bool RestartRequired);
