using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Models;

/// <summary><c>GET /nodes/{node}/status</c> (the part the portal reads; the rest is ignored).</summary>
public sealed record NodeStatus
{
    public double Cpu { get; init; }

    public double Wait { get; init; }

    /// <summary>Proxmox sends the load averages as strings.</summary>
    public IReadOnlyList<string> LoadAvg { get; init; } = [];

    public NodeUsage Memory { get; init; } = new();

    public NodeUsage Swap { get; init; } = new();

    public NodeUsage RootFs { get; init; } = new();

    public NodeCpuInfo CpuInfo { get; init; } = new();

    public long Uptime { get; init; }

    public string PveVersion { get; init; } = "";

    public string KVersion { get; init; } = "";
}
