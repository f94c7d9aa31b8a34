using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>Where players enter the platform (DESIGN §11).</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    /// <summary>Where the runtime Traefik's HTTP provider reads its routes.</summary>
    public const string ProviderPath = "/edge/traefik";

    public EdgeMode Mode { get; set; } = EdgeMode.Direct;

    /// <summary>First public port leased to games that are not Minecraft (Gateway mode).</summary>
    [Range(1024, 65535)]
    public int PortFirst { get; set; } = 50000;

    [Range(1024, 65535)]
    public int PortLast { get; set; } = 59000;

    /// <summary>How long a freed port stays out of the pool, so players of the old server do not land on a new one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan PortCooldown { get; set; } = TimeSpan.FromHours(24);

    public VelocityOptions Velocity { get; set; } = new();

    public TraefikEdgeOptions Traefik { get; set; } = new();

    public bool IsGateway => Mode == EdgeMode.Gateway;
}
