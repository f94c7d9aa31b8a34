namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary>A player action handed to the game's console: <c>kick</c>, <c>ban</c> or <c>whitelist</c>.</summary>
public sealed record PlayerActionResponse(string Player, string Action, string Message);
