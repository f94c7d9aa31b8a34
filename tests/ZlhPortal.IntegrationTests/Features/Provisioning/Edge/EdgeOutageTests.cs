using System.Net;
using System.Net.Sockets;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Edge;

/// <summary>Velocity's bridge is down while a Minecraft server is set up: the server waits at the edge step instead of failing.</summary>
public sealed class EdgeOutageTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Edge:Mode", "Gateway")
        .WithSetting("Edge:Velocity:BaseUrl", $"http://127.0.0.1:{ClosedPort()}/");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_server_set_up_while_velocity_is_down_waits_at_the_edge_step_with_the_reason_and_is_not_failed()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var id = await Servers.CreateAsync(factory, owner, "game-small", "minecraft-paper", "Patience");

        var waiting = await Eventually.UntilAsync(() => Servers.GetAsync(factory, id),
            s => s.Steps.Any(step => step.Step == ProvisioningStep.Publish && step.Message?.Contains("Velocity registration failed", StringComparison.Ordinal) == true),
            what: "the publish step waiting for Velocity");

        Assert.Equal(ServerStatus.Provisioning, waiting.Status);
        Assert.Equal(StepState.Pending, waiting.Steps.Single(s => s.Step == ProvisioningStep.Publish).State);
        Assert.All(waiting.Steps.Where(s => s.Step < ProvisioningStep.Publish), s => Assert.Equal(StepState.Succeeded, s.State));
        // The rest of the portal keeps serving while the edge is down.
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pricing")).StatusCode);
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
