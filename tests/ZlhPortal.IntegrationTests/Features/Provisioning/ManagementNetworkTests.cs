using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>A container reporting an address outside Runtime:ManagementNetworks is never connected to.</summary>
public sealed class ManagementNetworkTests
{
    [Fact]
    public async Task Setup_fails_with_a_reason_when_the_container_reports_an_address_outside_the_management_networks()
    {
        // The simulator hands out 127.x addresses; a network that excludes them stands for a container lying about its address.
        using var factory = new PortalAppFactory().WithSetting("Runtime:ManagementNetworks:0", "10.0.0.0/8");
        var email = await AccountJourney.CreateAsync(factory, "Customer");

        var id = await Servers.CreateAsync(factory, email);
        var failed = await Servers.WaitForAsync(factory, id, ServerStatus.Failed);

        Assert.Null(failed.Address);
        Assert.Contains("network", failed.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.20.0.5", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("not an address", false)]
    public void Only_addresses_inside_the_configured_networks_are_allowed(string address, bool allowed)
    {
        using var factory = new PortalAppFactory().WithSetting("Runtime:ManagementNetworks:0", "10.20.0.0/16");

        Assert.Equal(allowed, factory.Services.GetRequiredService<ManagementNetworks>().Allows(address));
    }
}
