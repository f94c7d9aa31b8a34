using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>The portal's DNS client against the simulated Technitium API, as it would talk to the real one.</summary>
public sealed class DnsRegistryTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private DnsRegistry Registry(string token)
    {
        var endpoints = new RuntimeEndpoints(Options.Create(new RuntimeOptions { Mode = RuntimeMode.Proxmox }),
            Options.Create(new DnsOptions { BaseUrl = sim.Host.DnsApiUrl.ToString(), Token = token, Zone = "zlh.test" }),
            new EmbeddedSimulator(Options.Create(new EmbeddedSimulatorOptions()), Options.Create(new PortalOptions()), Options.Create(new DatabaseOptions()),
                new HostingEnvironment { ContentRootPath = Path.GetTempPath() }, NullLogger<EmbeddedSimulator>.Instance));
        return new DnsRegistry(new HttpClient(new SocketsHttpHandler { UseProxy = false }), Options.Create(new DnsOptions { Zone = "zlh.test" }), endpoints);
    }

    [Fact]
    public async Task Removing_records_that_are_already_gone_is_fine_but_a_refused_token_is_never_taken_for_gone()
    {
        await Registry(sim.Host.DnsToken).RegisterAsync("kept.zlh.test", "203.0.113.20", null, CancellationToken.None);

        await Registry(sim.Host.DnsToken).RemoveAsync("never-there.zlh.test", "203.0.113.21", new SrvRecord("_minecraft._tcp", 25565), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Registry("not-the-token").RemoveAsync("kept.zlh.test", "203.0.113.20", null, CancellationToken.None));

        Assert.Contains("Invalid token", refused.Message, StringComparison.Ordinal);
        Assert.Equal("203.0.113.20", await Registry(sim.Host.DnsToken).AddressOfAsync("kept.zlh.test", CancellationToken.None));
    }
}
