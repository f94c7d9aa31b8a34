using System.Net;
using Microsoft.AspNetCore.Http;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Infrastructure.Web;

/// <summary>
/// The portal behind an edge proxy on another host (Portal:ForwardedHeaders): the client's address and scheme come
/// from a configured proxy's X-Forwarded-* headers, and from nobody else's.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private static readonly IPAddress Proxy = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.66");

    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Portal:ForwardedHeaders:KnownProxies:0", Proxy.ToString())
        .WithSetting("Portal:ForwardedHeaders:KnownNetworks:0", "198.51.100.0/24")
        .WithSetting("Portal:RateLimiting:Api:PermitLimit", "1");

    [Fact]
    public async Task Clients_behind_a_configured_proxy_each_get_their_own_rate_limit()
    {
        Assert.Equal(StatusCodes.Status401Unauthorized, await GetAsync(Proxy, "/api/v1/servers", client: "100.64.0.1"));
        Assert.Equal(StatusCodes.Status401Unauthorized, await GetAsync(Proxy, "/api/v1/servers", client: "100.64.0.2"));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await GetAsync(Proxy, "/api/v1/servers", client: "100.64.0.1"));
    }

    [Fact]
    public async Task Forwarded_addresses_from_an_unlisted_address_are_ignored()
    {
        Assert.Equal(StatusCodes.Status401Unauthorized, await GetAsync(Stranger, "/api/v1/servers", client: "100.64.0.1"));

        // A made-up X-Forwarded-For buys no fresh bucket: both calls count against the stranger's own address.
        Assert.Equal(StatusCodes.Status429TooManyRequests, await GetAsync(Stranger, "/api/v1/servers", client: "100.64.0.2"));
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("198.51.100.7")]
    [InlineData("127.0.0.1")]
    public async Task A_trusted_proxy_terminating_tls_gets_the_page_over_plain_http(string proxy)
    {
        factory.WithSetting("Portal:RequireHttps", "true");

        Assert.Equal(StatusCodes.Status200OK, await GetAsync(IPAddress.Parse(proxy), "/Account/Login", client: "100.64.0.1", scheme: "https"));
    }

    [Fact]
    public async Task Https_claimed_by_an_unlisted_address_is_refused_as_plain_http()
    {
        factory.WithSetting("Portal:RequireHttps", "true");

        Assert.Equal(StatusCodes.Status400BadRequest, await GetAsync(Stranger, "/Account/Login", client: "100.64.0.1", scheme: "https"));
    }

    /// <summary>A plain-HTTP request arriving from <paramref name="peer"/> with the headers a proxy adds; returns the status.</summary>
    private async Task<int> GetAsync(IPAddress peer, string path, string client, string? scheme = null)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = peer;
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Path = path;
            c.Request.Headers["X-Forwarded-For"] = client;
            if (scheme is not null)
            {
                c.Request.Headers["X-Forwarded-Proto"] = scheme;
            }
        });
        return context.Response.StatusCode;
    }

    public void Dispose() => factory.Dispose();
}
