using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Settings;

/// <summary>What came of a settings change: which fields changed and whether a restart applies them, or why nothing was saved.</summary>
public sealed record SettingsChangeResult(
    ServerRequestOutcome Outcome, string Message, IReadOnlyList<string> Changed, bool RestartRequired, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Accepted => Outcome == ServerRequestOutcome.Accepted;

    public static SettingsChangeResult Refused(ServerRequestOutcome outcome, string message, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(outcome, message, [], false, errors);
}
