using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>The platform's Velocity proxy (<c>zlh-velocity</c>) and its bridge plugin, which routes Minecraft players by hostname.</summary>
public sealed class VelocityOptions
{
    /// <summary>The bridge plugin's HTTP API, e.g. <c>http://zlh-velocity.internal:8090/</c>.</summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>The bridge's shared secret; calls carry its SHA-256 in hex as <c>X-Zpack-Secret</c>. From the environment.</summary>
    public string? Secret { get; set; }

    /// <summary>The public address players connect to (DNS A records of Minecraft servers point here).</summary>
    public string? Address { get; set; }

    /// <summary>Velocity's player port (the SRV records' port).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25565;
}
