using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>Where servers run, and how the portal reaches their agents and the DNS server.</summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "Runtime";

    public RuntimeMode Mode { get; set; } = RuntimeMode.Simulator;

    /// <summary>Port of the zlh-agent inside every container.</summary>
    [Range(1, 65535)]
    public int AgentPort { get; set; } = 18888;

    /// <summary>Port of the web IDE inside dev containers.</summary>
    [Range(1, 65535)]
    public int IdePort { get; set; } = 8080;

    /// <summary>
    /// CIDRs agents and IDEs are reached on; an address a container reports outside them is refused. Empty: the embedded
    /// simulator's block in Simulator mode, the private ranges (10/8, 172.16/12, 192.168/16, fd00::/8) with Proxmox.
    /// </summary>
    public string[] ManagementNetworks { get; set; } = [];

    /// <summary>Budget for one call to an agent; agents are untrusted and may hang.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
