using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>The Technitium DNS server that holds customer hostnames. In simulator mode the simulator's DNS API is used.</summary>
public sealed class DnsOptions
{
    public const string SectionName = "Runtime:Dns";

    /// <summary>Base URL of the DNS server's HTTP API, e.g. <c>http://dns.internal:5380/</c>.</summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>API token; from the environment (<c>Runtime__Dns__Token</c>).</summary>
    public string? Token { get; set; }

    /// <summary>Zone customer hostnames live in.</summary>
    [Required, RegularExpression(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    public string Zone { get; set; } = "servers.zerolaghub.local";

    [Range(30, 86_400)]
    public int TtlSeconds { get; set; } = 300;
}
