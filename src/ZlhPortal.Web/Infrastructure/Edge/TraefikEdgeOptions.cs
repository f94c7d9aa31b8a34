namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>The runtime Traefik (<c>zlh-zpack-proxy</c>), which reads its TCP/UDP routes from the portal's <c>/edge/traefik</c>.</summary>
public sealed class TraefikEdgeOptions
{
    /// <summary>The public address players connect to for games on a pool port (DNS A records point here).</summary>
    public string? Address { get; set; }

    /// <summary>Bearer token Traefik's HTTP provider sends to <c>/edge/traefik</c>; without one the route answers 404. From the environment.</summary>
    public string? Token { get; set; }
}
