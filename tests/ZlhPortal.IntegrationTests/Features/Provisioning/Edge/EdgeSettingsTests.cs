using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Edge;

public sealed class EdgeSettingsTests
{
    [Fact]
    public void Gateway_mode_on_a_real_runtime_without_the_edge_settings_stops_the_start_with_a_message()
    {
        using var factory = new PortalAppFactory()
            .WithSetting("Runtime:Mode", "Proxmox")
            .WithSetting("Edge:Mode", "Gateway");

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Edge:Mode=Gateway needs Edge:Velocity:BaseUrl, Edge:Velocity:Secret, Edge:Velocity:Address and Edge:Traefik:Address",
            Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_pool_that_ends_before_it_starts_stops_the_start_with_a_message()
    {
        using var factory = new PortalAppFactory()
            .WithSetting("Edge:PortFirst", "50010")
            .WithSetting("Edge:PortLast", "50000");

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Edge:PortFirst must not be above Edge:PortLast.", Messages(error), StringComparison.Ordinal);
    }

    private static string Messages(Exception error) => error switch
    {
        AggregateException many => string.Join("\n", many.InnerExceptions.Select(Messages)),
        { InnerException: { } inner } => error.Message + "\n" + Messages(inner),
        _ => error.Message,
    };
}
