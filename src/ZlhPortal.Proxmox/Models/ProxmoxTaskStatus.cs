namespace ZlhPortal.Proxmox.Models;

/// <summary><c>GET /nodes/{node}/tasks/{upid}/status</c>.</summary>
public sealed record ProxmoxTaskStatus
{
    public string Upid { get; init; } = "";

    public string Node { get; init; } = "";

    public string Type { get; init; } = "";

    public string? Id { get; init; }

    public string User { get; init; } = "";

    public string? TokenId { get; init; }

    public long StartTime { get; init; }

    /// <summary><c>running</c> or <c>stopped</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Only when stopped: <c>OK</c>, <c>WARNINGS: n</c>, or the error text.</summary>
    public string? ExitStatus { get; init; }

    public bool IsRunning => Status == "running";

    /// <summary>Finished and succeeded; warnings still count as success.</summary>
    public bool IsSuccessful =>
        !IsRunning && ExitStatus is not null
        && (ExitStatus == "OK" || ExitStatus.StartsWith("WARNINGS", StringComparison.Ordinal));
}
