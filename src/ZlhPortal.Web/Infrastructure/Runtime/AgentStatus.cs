namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>What an agent says about the game or dev process in its container (unknown fields ignored).</summary>
public sealed record AgentStatus(string State, string? Error, string? InstallStep, int CrashCount, double? Cpu, int? MemoryMb, int? Players)
{
    public bool IsRunning => State == "running";

    public bool IsFailed => State is "error" or "crashed";

    /// <summary>Whether the agent holds settings (it has installed the game once); null when it does not say.</summary>
    public bool? Configured { get; init; }

    /// <summary>The exit code of the game's last crash, if the agent says (137: killed, which is what the out-of-memory killer does).</summary>
    public int? LastExitCode { get; init; }

    /// <summary>The message of the day the running game uses (Minecraft), if the agent says.</summary>
    public string? Motd { get; init; }

    /// <summary>How many players fit, if the agent says.</summary>
    public int? MaxPlayers { get; init; }

    /// <summary>Who is online, when the game reports names.</summary>
    public IReadOnlyList<string>? PlayerNames { get; init; }
}
