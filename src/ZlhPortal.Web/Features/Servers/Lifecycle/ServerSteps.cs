namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>Which steps each of a server's step-by-step operations runs, in order (the server keeps a record of each).</summary>
public static class ServerSteps
{
    /// <summary>From request to Running.</summary>
    public static readonly IReadOnlyList<ProvisioningStep> Setup = Enum.GetValues<ProvisioningStep>().Where(s => s < ProvisioningStep.Snapshot).ToArray();

    /// <summary>A reinstall: a snapshot first, then setup again from Configure on, in the same container.</summary>
    public static readonly IReadOnlyList<ProvisioningStep> Reinstall = [ProvisioningStep.Snapshot, .. Setup.SkipWhile(s => s != ProvisioningStep.Configure)];

    /// <summary>
    /// A restore: a safety backup of the server as it is, the container replaced by the backup's (same VMID), then set up
    /// like a new one from Configure on, except that the game is started, not installed: its files and settings came back.
    /// </summary>
    public static readonly IReadOnlyList<ProvisioningStep> Restore =
    [
        ProvisioningStep.SafetyBackup, ProvisioningStep.Restore,
        .. Setup.SkipWhile(s => s != ProvisioningStep.Configure).Select(s => s == ProvisioningStep.PushConfig ? ProvisioningStep.StartGame : s),
    ];

    /// <summary>
    /// A version change: a safety backup, the game stopped, the new version installed in place (the agent keeps the world
    /// and files and replaces only the game), then running again.
    /// </summary>
    public static readonly IReadOnlyList<ProvisioningStep> ChangeVersion =
        [ProvisioningStep.SafetyBackup, ProvisioningStep.StopGame, ProvisioningStep.InstallVersion, ProvisioningStep.WaitForRuntime];
}
