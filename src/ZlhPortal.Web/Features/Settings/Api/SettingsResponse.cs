namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary>
/// <c>GET /api/v1/servers/{id}/settings</c>: the game, its settings' current values (<see cref="Fields"/> null when the agent
/// cannot be asked now), whether a restart is pending to apply saved changes, the installed version and those offered,
/// and the schema the values follow.
/// </summary>
public sealed record SettingsResponse(
    string Game, string Kind, string Version, IReadOnlyList<string> Versions, bool RestartRequired,
    IReadOnlyDictionary<string, object?>? Fields, IReadOnlyList<SettingFieldResponse> Schema)
{
    public static SettingsResponse From(ServerSettingsView view) => new(
        view.Game, view.Kind.ToString().ToLowerInvariant(), view.Version, view.Versions, view.RestartRequired, view.Values,
        view.Schema.Select(f => SettingFieldResponse.From(f, view.PlanMemoryMb)).ToList());
}
