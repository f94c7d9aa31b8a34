namespace ZlhPortal.Proxmox.Models;

/// <summary>A line of <c>GET …/tasks/{upid}/log</c>: <c>n</c> is 1-based.</summary>
public sealed record TaskLogLine
{
    public int N { get; init; }

    public string T { get; init; } = "";
}
