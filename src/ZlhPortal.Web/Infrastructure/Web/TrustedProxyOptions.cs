using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the portal believes (the edge's Traefik on
/// another host, a load balancer). Loopback is always trusted; headers from any other address are ignored, so a
/// client cannot claim another address or scheme.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "Portal:ForwardedHeaders";

    /// <summary>Single proxy addresses, such as <c>10.60.0.5</c> or <c>2001:db8::5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, such as <c>10.60.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<IPAddress> Proxies => KnownProxies.Select(p => IPAddress.Parse(p.Trim()));

    public IEnumerable<IPNetwork> Networks => KnownNetworks.Select(n => IPNetwork.Parse(n.Trim()));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in KnownProxies.Where(p => !IsAddress(p)))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(KnownProxies)} has \"{entry}\", which is not an IP address (such as 10.60.0.5 or 2001:db8::5). Networks go in {nameof(KnownNetworks)}.",
                [nameof(KnownProxies)]);
        }

        foreach (var entry in KnownNetworks.Where(n => !IsNetwork(n)))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(KnownNetworks)} has \"{entry}\", which is not a network in CIDR notation (such as 10.60.0.0/24).",
                [nameof(KnownNetworks)]);
        }
    }

    // IPAddress.Parse reads "10.5" as 10.0.0.5; a proxy's address is written out in full or it is a typo.
    private static bool IsAddress(string? entry) =>
        IPAddress.TryParse(entry?.Trim(), out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || entry!.Count(c => c == '.') == 3);

    private static bool IsNetwork(string? entry) =>
        entry?.Trim().Split('/') is [var address, _] && IsAddress(address) && IPNetwork.TryParse(entry.Trim(), out _);
}
