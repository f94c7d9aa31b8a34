namespace ZlhPortal.Web.Features.Servers;

/// <summary>The steps from order to running server, in order. Each is idempotent and safe to repeat.</summary>
public enum ProvisioningStep
{
    ReserveVmid = 1,
    Clone,
    Configure,
    Start,
    WaitForAgent,
    PushConfig,
    WaitForRuntime,

    /// <summary>Open the server to players at the edge (a no-op in Direct mode). Named, not numbered, in the database.</summary>
    Publish,
    RegisterDns,

    /// <summary>Reinstall only: the snapshot taken before anything is changed (not part of provisioning).</summary>
    Snapshot,

    /// <summary>Restore only: a backup of the server as it is, taken before it is replaced.</summary>
    SafetyBackup,

    /// <summary>Restore only: the container replaced by the backup's.</summary>
    Restore,

    /// <summary>Restore only: the restored game or runtime started again (its settings came back with the backup).</summary>
    StartGame,

    /// <summary>Version change only: the game or runtime stopped so it saves its world before the new version goes in.</summary>
    StopGame,

    /// <summary>Version change only: the agent given the new version; it installs it in place, keeping the files, and starts it.</summary>
    InstallVersion,
}
