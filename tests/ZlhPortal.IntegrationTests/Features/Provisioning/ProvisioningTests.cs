using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>The provisioning engine against the simulator over real HTTP, driven by the real Hangfire server.</summary>
public sealed class ProvisioningTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static IEnumerable<JsonElement> Containers(JsonElement inventory) => inventory.GetProperty("containers").EnumerateArray();

    private static IEnumerable<JsonElement> Dns(JsonElement inventory) => inventory.GetProperty("dns").EnumerateArray();

    [Fact]
    public async Task A_game_server_goes_from_request_to_running_with_dns_records()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");

        var id = await Servers.CreateAsync(factory, owner, "game-small", "minecraft-paper", "Creeper Café");
        var server = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);

        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.InRange(server.Vmid!.Value, 1000, 1099);
        Assert.All(server.Steps, s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.Equal(ServerSteps.Setup, server.Steps.Select(s => s.Step));
        Assert.StartsWith($"creeper-cafe-{id}.", server.Hostname);
        Assert.EndsWith(":25565", server.Address);
        var inventory = await Servers.InventoryAsync(factory);
        var container = Assert.Single(Containers(inventory), c => c.GetProperty("vmid").GetInt32() == server.Vmid);
        Assert.Equal("running", container.GetProperty("status").GetString());
        Assert.Contains("zlh-portal", container.GetProperty("tags").GetString());
        Assert.Equal("running", container.GetProperty("agent").GetProperty("state").GetString());
        var records = Dns(inventory).Where(r => r.GetProperty("name").GetString()!.EndsWith(server.Hostname!)).ToList();
        Assert.Contains(records, r => r.GetProperty("type").GetString() == "A" && r.GetProperty("ipAddress").GetString() == server.IpAddress);
        Assert.Contains(records, r => r.GetProperty("type").GetString() == "SRV" && r.GetProperty("name").GetString() == $"_minecraft._tcp.{server.Hostname}"
            && r.GetProperty("port").GetInt32() == 25565);
    }

    [Fact]
    public async Task A_dev_server_gets_a_vmid_from_the_dev_range_and_an_a_record_only()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");

        var id = await Servers.CreateAsync(factory, owner, "dev-small", "dev-node", "api sandbox");
        var server = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);

        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.InRange(server.Vmid!.Value, 1100, 1199);
        var records = Dns(await Servers.InventoryAsync(factory)).Where(r => r.GetProperty("name").GetString()!.EndsWith(server.Hostname!)).ToList();
        Assert.Equal("A", Assert.Single(records).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Power_operations_stop_and_start_the_container_one_at_a_time()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var id = await Servers.CreateAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, id, ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        var stop = await lifecycle.PowerAsync(id, ownerId, PowerAction.Stop);
        var meanwhile = await lifecycle.PowerAsync(id, ownerId, PowerAction.Start);
        Assert.True(stop.Accepted, stop.Message);
        Assert.Equal(ServerRequestOutcome.Conflict, meanwhile.Outcome);
        Assert.Contains("in progress", meanwhile.Message);

        await Servers.WaitForAsync(factory, id, ServerStatus.Stopped);
        Assert.Equal("stopped", Containers(await Servers.InventoryAsync(factory)).Single(c => c.GetProperty("vmid").GetInt32() == server.Vmid).GetProperty("status").GetString());

        Assert.True((await lifecycle.PowerAsync(id, ownerId, PowerAction.Start)).Accepted);
        await Servers.WaitForAsync(factory, id, ServerStatus.Running);
        var container = Containers(await Servers.InventoryAsync(factory)).Single(c => c.GetProperty("vmid").GetInt32() == server.Vmid);
        Assert.Equal("running", container.GetProperty("status").GetString());
        await Eventually.UntilAsync(async () => Containers(await Servers.InventoryAsync(factory)).Single(c => c.GetProperty("vmid").GetInt32() == server.Vmid)
            .GetProperty("agent").GetProperty("state").GetString(), state => state == "running", what: "game running again");
    }

    [Fact]
    public async Task Another_customer_cannot_act_on_a_server()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var stranger = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var id = await Servers.CreateAsync(factory, owner);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.Equal(ServerRequestOutcome.NotFound, (await lifecycle.PowerAsync(id, stranger, PowerAction.Stop)).Outcome);
        Assert.Equal(ServerRequestOutcome.NotFound, (await lifecycle.DeleteAsync(id, stranger)).Outcome);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ServerDirectory>().FindAsync(id, stranger));
    }

    [Fact]
    public async Task Deleting_frees_the_container_dns_and_vmid_after_its_cooldown()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var id = await Servers.CreateAsync(factory, owner, name: "Short Lived");
        var server = await Servers.WaitForAsync(factory, id, ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().DeleteAsync(id, ownerId)).Accepted);
        await Servers.WaitForAsync(factory, id, ServerStatus.Deleted);

        var inventory = await Servers.InventoryAsync(factory);
        Assert.DoesNotContain(Containers(inventory), c => c.GetProperty("vmid").GetInt32() == server.Vmid);
        Assert.DoesNotContain(Dns(inventory), r => r.GetProperty("name").GetString()!.EndsWith(server.Hostname!));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await db.VmidReleases.AnyAsync(r => r.Vmid == server.Vmid));
        var next = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Next One"), ServerStatus.Running);
        Assert.NotEqual(server.Vmid, next.Vmid);
    }

    [Fact]
    public async Task Concurrent_requests_on_one_template_get_distinct_vmids_and_all_run()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");

        var ids = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Servers.CreateAsync(factory, owner, "game-small", "minecraft-vanilla", $"Batch {i}")));
        var servers = await Task.WhenAll(ids.Select(id => Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed)));

        Assert.All(servers, s => Assert.Equal(ServerStatus.Running, s.Status));
        Assert.Equal(servers.Length, servers.Select(s => s.Vmid).Distinct().Count());
        Assert.All(servers, s => Assert.DoesNotContain(s.Steps, step => step.Message?.Contains("locked", StringComparison.OrdinalIgnoreCase) == true));
    }

    [Fact]
    public async Task A_suspended_server_is_stopped_and_cannot_be_started_until_unsuspended()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Unpaid"), ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.True((await lifecycle.SuspendAsync(server.Id)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Suspended);
        var start = await lifecycle.PowerAsync(server.Id, ownerId, PowerAction.Start);

        Assert.Equal(ServerRequestOutcome.Conflict, start.Outcome);
        Assert.Contains("suspended", start.Message);
        Assert.Equal("stopped", Containers(await Servers.InventoryAsync(factory)).Single(c => c.GetProperty("vmid").GetInt32() == server.Vmid).GetProperty("status").GetString());

        Assert.True((await lifecycle.UnsuspendAsync(server.Id)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
    }
}
