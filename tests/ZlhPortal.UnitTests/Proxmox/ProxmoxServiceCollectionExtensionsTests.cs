using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;

namespace ZlhPortal.UnitTests.Proxmox;

public sealed class ProxmoxServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Retries_a_get_that_met_a_proxy_timeout()
    {
        var handler = new StubHandler((_, call) => call < 3
            ? StubHandler.Error(596, "Connection timed out")
            : StubHandler.Json("""{"data":{"version":"9.1.2"}}"""));
        var client = Build(handler);

        var result = await client.Version.GetAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Never_retries_a_post_because_the_action_may_have_happened()
    {
        var handler = new StubHandler((_, _) => StubHandler.Error(596, "Connection timed out"));
        var client = Build(handler);

        var result = await client.Nodes["pve1"].Lxc[200].CloneAsync(new ZlhPortal.Proxmox.Models.LxcCloneRequest(1001));

        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, result.Error!.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Does_not_retry_a_deterministic_500()
    {
        var handler = new StubHandler((_, _) => StubHandler.Error(500, "Configuration file 'nodes/pve1/lxc/9.conf' does not exist"));
        var client = Build(handler);

        var result = await client.Nodes["pve1"].Lxc[109].Status.Current.GetAsync();

        Assert.Equal(ProxmoxErrorKind.NotFound, result.Error!.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void Binds_the_section_and_rejects_a_missing_base_url_at_start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Runtime:Proxmox:TokenId"] = "portal@pve!zlh" }).Build());
        services.AddProxmoxClient();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProxmoxOptions>>().Value);

        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_fingerprint_not_in_the_proxmox_format()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddProxmoxClient(o =>
        {
            o.BaseUrl = "https://pve1:8006/api2/json";
            o.Fingerprint = "abcdef";
        });
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProxmoxOptions>>().Value);
    }

    private static ProxmoxClient Build(StubHandler handler)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddProxmoxClient(o =>
        {
            o.BaseUrl = "https://pve1.example:8006/api2/json";
            o.TokenId = "portal@pve!zlh";
            o.TokenSecret = "secret";
            o.RetryDelay = TimeSpan.FromMilliseconds(1);
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider().GetRequiredService<ProxmoxClient>();
    }
}
