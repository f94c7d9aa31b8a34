using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Nodes;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Nodes;

/// <summary>The simulator's two nodes: pve2 (32 cores, 128 GiB) is where placement puts servers unless it drains.</summary>
public sealed class NodeDrainingTests : IDisposable
{
    private readonly PortalAppFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_draining_node_gets_no_new_server_while_the_servers_on_it_keep_their_place()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var before = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Before"), ServerStatus.Running);
        Assert.Equal("pve2", before.Node);

        var drained = await DrainAsync("pve2", true, "Disk replacement");
        var after = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "After"), ServerStatus.Running);

        Assert.True(drained.Accepted, drained.Message);
        Assert.Equal("pve1", after.Node);
        Assert.Equal("pve2", (await Servers.GetAsync(factory, before.Id)).Node);
        var listed = (await ListAsync()).Single(n => n.Name == "pve2");
        Assert.True(listed.Draining);
        Assert.Equal("Disk replacement", listed.DrainReason);
        Assert.Equal("admin@example.test", listed.ChangedBy);
        Assert.Equal([before.Id], listed.Servers.Select(s => s.Id));
        Assert.Equal(owner, listed.Servers.Single().OwnerEmail);

        // A restart stays where the server is.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var restart = await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Servers.Lifecycle.ServerLifecycle>()
                .PowerAsync(before.Id, null, PowerAction.Restart);
            Assert.True(restart.Accepted, restart.Message);
        }

        Assert.Equal("pve2", (await Servers.WaitForAsync(factory, before.Id, ServerStatus.Running)).Node);

        // Taking servers again: the roomier node is chosen once more.
        await DrainAsync("pve2", false, null);
        var third = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Third"), ServerStatus.Running);
        Assert.Equal("pve2", third.Node);
        Assert.Null((await ListAsync()).Single(n => n.Name == "pve2").DrainReason);
    }

    [Fact]
    public async Task With_every_node_draining_an_order_is_refused_as_no_capacity_before_any_money_is_taken()
    {
        await DrainAsync("pve1", true, "Maintenance");
        await DrainAsync("pve2", true, "Maintenance");
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

        var order = await client.PostAsJsonAsync("/api/v1/orders", new { plan = "game-small", template = "minecraft-paper", name = "Nowhere" });

        Assert.Equal(HttpStatusCode.Conflict, order.StatusCode);
        var text = await order.Content.ReadAsStringAsync();
        Assert.Contains("full", text, StringComparison.Ordinal);
        Assert.Contains("not been charged", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draining_an_unknown_node_or_with_a_bad_reason_is_refused_and_nothing_is_stored()
    {
        var unknown = await DrainAsync("pve9", true, null);
        var badName = await DrainAsync("pve 1; drop", true, null);
        var badReason = await DrainAsync("pve1", true, new string('x', 201));

        Assert.Equal(ZlhPortal.Web.Features.Servers.Lifecycle.ServerRequestOutcome.NotFound, unknown.Outcome);
        Assert.Equal(ZlhPortal.Web.Features.Servers.Lifecycle.ServerRequestOutcome.Invalid, badName.Outcome);
        Assert.Equal(ZlhPortal.Web.Features.Servers.Lifecycle.ServerRequestOutcome.Invalid, badReason.Outcome);
        Assert.All(await ListAsync(), n => Assert.False(n.Draining));
    }

    private async Task<ZlhPortal.Web.Features.Servers.Lifecycle.ServerRequestResult> DrainAsync(string node, bool draining, string? reason)
    {
        await factory.Services.GetRequiredService<RuntimeStatusMonitor>().RefreshAsync(CancellationToken.None);
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NodeMaintenance>().SetDrainingAsync(node, draining, reason, "admin@example.test");
    }

    private async Task<IReadOnlyList<NodeView>> ListAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NodeMaintenance>().ListAsync();
    }
}
