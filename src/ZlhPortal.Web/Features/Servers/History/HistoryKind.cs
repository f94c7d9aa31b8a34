namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>What a server history entry is about (the API writes these in lower case).</summary>
public enum HistoryKind
{
    /// <summary>Ordered or created, set up, or its setup failed.</summary>
    Setup,

    /// <summary>Start, stop, restart, kill: asked for, or failed.</summary>
    Power,
    Reinstall,
    Backup,
    Restore,
    Plan,

    /// <summary>The game process ended on its own (the agent restarts it and counts it).</summary>
    Crash,

    /// <summary>The game process was killed for using all its memory.</summary>
    OutOfMemory,
    Suspension,

    /// <summary>Staff opened the server's console or acted on it for the customer.</summary>
    StaffAccess,
    Transfer,
    Deletion,

    /// <summary>The owner shared the server with someone, changed what they may do, or took it back.</summary>
    Sharing,

    /// <summary>Files changed through the file manager (saved, uploaded, renamed, deleted, zipped, unpacked).</summary>
    Files,

    /// <summary>Game settings changed, or a player kicked, banned or whitelisted from the portal.</summary>
    Settings,

    /// <summary>The game or runtime version changed.</summary>
    Version,

    /// <summary>Staff moved the server to another machine of the cluster (its address and files stay).</summary>
    Move,
}
