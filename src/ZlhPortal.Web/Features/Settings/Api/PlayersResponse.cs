namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary><c>GET /api/v1/servers/{id}/players</c>: how many are online of how many fit, and who (when the game reports names).</summary>
public sealed record PlayersResponse(int? Online, int? Max, IReadOnlyList<PlayerResponse> Players);
