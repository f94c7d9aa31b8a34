namespace ZlhPortal.Simulator.State;

/// <summary>What the in-container agent keeps on disk: its configuration, credential, counters and the server files.</summary>
internal sealed class SimAgentState
{
    public bool Configured { get; set; }

    public string? Credential { get; set; }

    public string? ConfigJson { get; set; }

    /// <summary>Whether the game/dev process should be running (survives container restarts).</summary>
    public bool ProcessWanted { get; set; }

    public int CrashCount { get; set; }

    public int RestartCount { get; set; }

    /// <summary>The exit code of the last crash (137: killed, as the out-of-memory killer does), kept until the next one.</summary>
    public int? LastExitCode { get; set; }

    public Dictionary<string, SimFile> Files { get; set; } = [];
}
