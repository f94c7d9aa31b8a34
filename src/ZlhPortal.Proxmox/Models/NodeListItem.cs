using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Models;

/// <summary>An entry of <c>GET /nodes</c>.</summary>
public sealed record NodeListItem
{
    public string Node { get; init; } = "";

    /// <summary><c>online</c>, <c>offline</c> or <c>unknown</c>.</summary>
    public string Status { get; init; } = "";

    public double Cpu { get; init; }

    public int MaxCpu { get; init; }

    public long Mem { get; init; }

    public long MaxMem { get; init; }

    public long Disk { get; init; }

    public long MaxDisk { get; init; }

    public long Uptime { get; init; }

    [JsonPropertyName("ssl_fingerprint")]
    public string? SslFingerprint { get; init; }

    public bool IsOnline => Status == "online";
}
