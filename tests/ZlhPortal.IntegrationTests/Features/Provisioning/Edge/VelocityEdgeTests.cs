using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.IntegrationTests.Runtime;
using ZlhPortal.Simulator;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Edge;

/// <summary>
/// Gateway mode for Minecraft: the server is registered with Velocity under its hostname, DNS points at the edge, and
/// a player's client that pings the hostname through the edge reaches the server (the simulator plays Velocity and
/// answers the real Server List Ping).
/// </summary>
public sealed class VelocityEdgeTests : IDisposable
{
    // The reconciler runs when the test says (an hourly schedule does not interleave with the test's own run).
    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Edge:Mode", "Gateway")
        .WithSetting("Provisioning:Status:ReconcileInterval", "00:59:00");

    public void Dispose() => factory.Dispose();

    private async Task<ServerView> RunningAsync(string name)
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var id = await Servers.CreateAsync(factory, owner, "game-small", "minecraft-paper", name);
        var server = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);
        Assert.Equal(ServerStatus.Running, server.Status);
        return server;
    }

    private static async Task<IReadOnlyList<string>> RegisteredAsync(SimulatorHost simulator)
    {
        using var http = new HttpClient { BaseAddress = simulator.VelocityBridgeUrl };
        http.DefaultRequestHeaders.Add("X-Zpack-Secret", VelocityBridge.SecretHeader(simulator.VelocitySecret));
        var list = await http.GetFromJsonAsync<JsonElement>("zpack/list");
        return list.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
    }

    [Fact]
    public async Task A_minecraft_server_is_registered_with_velocity_and_answers_a_ping_by_its_hostname_through_the_edge()
    {
        var server = await RunningAsync("Creeper Café");
        var simulator = await Servers.SimulatorAsync(factory);
        var edge = simulator.EdgeEndpoint;

        Assert.Contains(server.Hostname!, await RegisteredAsync(simulator));
        var status = await MinecraftPing.StatusAsync(edge.Address.ToString(), edge.Port, server.Hostname!);
        Assert.Equal("Creeper Café", status.Description);

        Assert.Equal(new ConnectInfo(server.Hostname!, edge.Address.ToString(), edge.Port, "tcp"), server.Connect);
        var records = (await Servers.InventoryAsync(factory)).GetProperty("dns").EnumerateArray()
            .Where(r => r.GetProperty("name").GetString()!.EndsWith(server.Hostname!, StringComparison.Ordinal)).ToList();
        Assert.Equal(edge.Address.ToString(), Assert.Single(records, r => r.GetProperty("type").GetString() == "A").GetProperty("ipAddress").GetString());
        Assert.Equal(edge.Port, Assert.Single(records, r => r.GetProperty("type").GetString() == "SRV").GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task Suspending_and_deleting_unregister_the_server_and_unsuspending_registers_it_again()
    {
        var server = await RunningAsync("Seasonal");
        var simulator = await Servers.SimulatorAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.True((await lifecycle.SuspendAsync(server.Id)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Suspended);
        Assert.DoesNotContain(server.Hostname!, await RegisteredAsync(simulator));
        var refused = await MinecraftPing.LoginDisconnectAsync(simulator.EdgeEndpoint.Address.ToString(), simulator.EdgeEndpoint.Port, server.Hostname!);
        Assert.Contains(server.Hostname!, refused, StringComparison.Ordinal);

        Assert.True((await lifecycle.UnsuspendAsync(server.Id)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        Assert.Contains(server.Hostname!, await RegisteredAsync(simulator));

        Assert.True((await lifecycle.DeleteAsync(server.Id, server.OwnerId)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Deleted);
        Assert.DoesNotContain(server.Hostname!, await RegisteredAsync(simulator));
    }

    [Fact]
    public async Task The_reconciler_registers_again_what_velocity_forgot_and_removes_what_no_server_owns()
    {
        var server = await RunningAsync("Forgotten");
        var hostname = server.Hostname!;
        var simulator = await Servers.SimulatorAsync(factory);
        using var bridge = new HttpClient { BaseAddress = simulator.VelocityBridgeUrl };
        bridge.DefaultRequestHeaders.Add("X-Zpack-Secret", VelocityBridge.SecretHeader(simulator.VelocitySecret));
        (await bridge.PostAsJsonAsync("zpack/unregister", new { server_name = hostname })).EnsureSuccessStatusCode();
        var zone = hostname[(hostname.IndexOf('.') + 1)..];
        (await bridge.PostAsJsonAsync("zpack/register", new { server_name = $"ghost-999.{zone}", address = "127.0.0.9", port = 25565 })).EnsureSuccessStatusCode();

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(CancellationToken.None);

        var registered = await RegisteredAsync(simulator);
        Assert.Contains(hostname, registered);
        Assert.DoesNotContain($"ghost-999.{zone}", registered);
        var findings = await scope.ServiceProvider.GetRequiredService<ReconcilerFindings>().CurrentAsync();
        Assert.Contains(findings, f => f.Kind == FindingKind.EdgeRepaired && f.ServerId == server.Id);
        Assert.Contains(findings, f => f.Kind == FindingKind.EdgeStray && f.Description.Contains($"ghost-999.{zone}", StringComparison.Ordinal));
        Assert.Equal("Forgotten", (await MinecraftPing.StatusAsync(simulator.EdgeEndpoint.Address.ToString(), simulator.EdgeEndpoint.Port, hostname)).Description);
    }

    [Fact]
    public async Task The_reconciler_points_a_lost_or_changed_dns_record_back_at_the_edge()
    {
        var server = await RunningAsync("Lost Address");
        var hostname = server.Hostname!;
        var simulator = await Servers.SimulatorAsync(factory);
        var zone = hostname[(hostname.IndexOf('.') + 1)..];
        using var dns = new HttpClient { BaseAddress = simulator.DnsApiUrl };
        // Someone pointed the record at the container itself, past the edge.
        var changed = await dns.GetFromJsonAsync<JsonElement>(
            $"api/zones/records/add?token={simulator.DnsToken}&zone={zone}&domain={hostname}&type=A&ipAddress={server.IpAddress}&overwrite=true");
        Assert.Equal("ok", changed.GetProperty("status").GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(CancellationToken.None);

        var records = (await Servers.InventoryAsync(factory)).GetProperty("dns").EnumerateArray()
            .Where(r => r.GetProperty("name").GetString() == hostname && r.GetProperty("type").GetString() == "A").ToList();
        Assert.Equal(simulator.EdgeEndpoint.Address.ToString(), Assert.Single(records).GetProperty("ipAddress").GetString());
        var findings = await scope.ServiceProvider.GetRequiredService<ReconcilerFindings>().CurrentAsync();
        Assert.Contains(findings, f => f.Kind == FindingKind.EdgeRepaired && f.ServerId == server.Id && f.Description.Contains("DNS", StringComparison.Ordinal));
    }
}
