namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>
/// The edge as this instance reaches it: configured for a real deployment, or the embedded simulator's Velocity when
/// the runtime is simulated and nothing else is configured.
/// </summary>
public sealed record EdgeSettings(EdgeMode Mode, Uri? VelocityBridge, string VelocitySecret, string? VelocityAddress, int VelocityPort, string? TraefikAddress)
{
    public bool IsGateway => Mode == EdgeMode.Gateway;

    /// <summary>Games whose players are routed by the hostname they typed (Velocity) instead of a port of their own.</summary>
    public static bool RoutedByHostname(string game) => game == "minecraft";

    /// <summary>Whether a server of this game gets a port from the pool.</summary>
    public bool NeedsPublicPort(string game, int gamePort) => IsGateway && gamePort > 0 && !RoutedByHostname(game);

    /// <summary>The address the server's DNS A record points at.</summary>
    public string? DnsAddress(string game, int gamePort, string? containerAddress) =>
        !IsGateway || gamePort == 0 ? containerAddress : RoutedByHostname(game) ? VelocityAddress : TraefikAddress;

    /// <summary>How a player connects; null for servers without a game port, or before the address or port is known.</summary>
    public ConnectInfo? Connect(string? hostname, string? containerAddress, string game, int gamePort, string protocol, int? publicPort)
    {
        if (gamePort == 0 || hostname is null)
        {
            return null;
        }

        if (!IsGateway)
        {
            return containerAddress is null ? null : new ConnectInfo(hostname, containerAddress, gamePort, protocol);
        }

        if (RoutedByHostname(game))
        {
            return VelocityAddress is null ? null : new ConnectInfo(hostname, VelocityAddress, VelocityPort, protocol);
        }

        return TraefikAddress is null || publicPort is null ? null : new ConnectInfo(hostname, TraefikAddress, publicPort.Value, protocol);
    }
}
