using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Settings;

/// <summary>
/// A server's settings as its agent holds them (<see cref="Values"/> null when the agent cannot be asked: the server is
/// stopped or busy), with the schema the form is drawn from and the versions it may change to.
/// </summary>
public sealed record ServerSettingsView(
    int ServerId, string Game, ServerKind Kind, IReadOnlyList<SettingField> Schema, IReadOnlyDictionary<string, object?>? Values,
    bool RestartRequired, int PlanMemoryMb, string Version, IReadOnlyList<string> Versions);
