namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>What an agent says about the game or dev process in its container (unknown fields ignored).</summary>
public sealed record AgentStatus(string State, string? Error, string? InstallStep, int CrashCount, double? Cpu, int? MemoryMb, int? Players)
{
    public bool IsRunning => State == "running";

    public bool IsFailed => State is "error" or "crashed";
}
