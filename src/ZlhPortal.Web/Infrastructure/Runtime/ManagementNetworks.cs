using System.Net;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>
/// The networks agents and IDEs may be reached on. An address read from a container is the customer's to choose (they
/// are root inside): anything outside these networks (the portal's own loopback, the database, the metadata service…)
/// is refused before the portal connects, so a container cannot point the portal at its own infrastructure.
/// </summary>
public sealed class ManagementNetworks(IOptions<RuntimeOptions> runtime, IOptions<EmbeddedSimulatorOptions> simulator)
{
    /// <summary>Private ranges, the default for a real cluster when none are configured.</summary>
    public static readonly IReadOnlyList<string> PrivateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"];

    private IReadOnlyList<IPNetwork>? networks;

    public IReadOnlyList<IPNetwork> Networks => networks ??= (runtime.Value.ManagementNetworks is { Length: > 0 } configured ? configured
        : runtime.Value.Mode == RuntimeMode.Simulator ? [simulator.Value.AgentAddressBlock]
        : PrivateRanges).Select(IPNetwork.Parse).ToList();

    /// <summary>True when <paramref name="address"/> is an IP address inside one of the networks.</summary>
    public bool Allows(string? address) =>
        IPAddress.TryParse(address, out var ip) && Networks.Any(n => n.Contains(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip));
}
