namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>
/// History lines other parts recognise (notifications tell owners about them), written and matched from this one place.
/// </summary>
public static class HistoryTexts
{
    /// <summary>A new server's setup has finished.</summary>
    public const string SetUp = "Set up and running.";

    /// <summary>How a suspension request's line starts ("Suspended: invoice … is overdue").</summary>
    public const string SuspendedPrefix = "Suspended";

    /// <summary>How the line of a suspension's lifting starts.</summary>
    public const string LiftedPrefix = "Suspension lifted";

    public static string BackupFailed(string name, string reason) => $"Backup '{name}' failed: {reason}";

    public static bool IsBackupFailed(string text) => text.StartsWith("Backup '", StringComparison.Ordinal) && text.Contains("' failed: ", StringComparison.Ordinal);
}
