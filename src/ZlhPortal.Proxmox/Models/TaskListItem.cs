namespace ZlhPortal.Proxmox.Models;

/// <summary>
/// An entry of <c>GET /nodes/{node}/tasks</c>. Not shaped like <see cref="ProxmoxTaskStatus"/>: <see cref="Status"/> is
/// <c>RUNNING</c> while the task runs and its exit text (<c>OK</c>, <c>WARNINGS: n</c>, the error) once it ended.
/// </summary>
public sealed record TaskListItem
{
    public string Upid { get; init; } = "";

    public string Node { get; init; } = "";

    public string Type { get; init; } = "";

    public string? Id { get; init; }

    public string User { get; init; } = "";

    public long StartTime { get; init; }

    public long? EndTime { get; init; }

    public string? Status { get; init; }

    public bool IsRunning => Status == "RUNNING";
}
