namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>How players reach game servers.</summary>
public enum EdgeMode
{
    /// <summary>DNS points at the container itself (the embedded default: the runtime network is the player's network).</summary>
    Direct,

    /// <summary>
    /// The runtime network is private: Minecraft is reached through Velocity by hostname, other games through a public
    /// port on the runtime Traefik.
    /// </summary>
    Gateway,
}
