using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>
/// The Velocity edge (DESIGN.md §11): servers registered through the bridge API are reached by players through one
/// listener, routed by the hostname they typed.
/// </summary>
public sealed class VelocityEdgeTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private HttpClient Bridge() => SimulatorFixture.BridgeClient(sim.Host, SimulatorFixture.BridgeSecretHeader(sim.Host.VelocitySecret));

    private string EdgeAddress => sim.Host.EdgeEndpoint.Address.ToString();

    private int EdgePort => sim.Host.EdgeEndpoint.Port;

    private async Task<string> RunningMinecraftAsync(string hostname, string name)
    {
        var (_, address, agent) = await GamePortTests.RunningGameAsync(sim, 200, hostname, new { game = "minecraft", variant = "paper", version = "1.21.4", name });
        agent.Dispose();
        return address;
    }

    private static async Task RegisterAsync(HttpClient bridge, string name, string address, int port = 25565)
    {
        using var response = await bridge.PostAsJsonAsync("zpack/register", new { server_name = name, address, port });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_bridge_refuses_a_missing_or_wrong_secret_and_malformed_registrations()
    {
        using var none = SimulatorFixture.BridgeClient(sim.Host, null);
        using var wrong = SimulatorFixture.BridgeClient(sim.Host, SimulatorFixture.BridgeSecretHeader("not-the-secret"));
        using var unhashed = SimulatorFixture.BridgeClient(sim.Host, sim.Host.VelocitySecret);
        using var bridge = Bridge();

        var missing = await none.GetAsync("zpack/list");
        var wrongSecret = await wrong.PostAsJsonAsync("zpack/register", new { server_name = "x.example.test", address = "127.0.0.1", port = 25565 });
        var plainSecret = await unhashed.GetAsync("zpack/list");
        var notJson = await bridge.PostAsync("zpack/register", new StringContent("{not json", Encoding.UTF8, "application/json"));
        var noPort = await bridge.PostAsJsonAsync("zpack/register", new { server_name = "x.example.test", address = "127.0.0.1" });
        var noName = await bridge.PostAsJsonAsync("zpack/unregister", new { name = "x.example.test" });

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plainSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPort.StatusCode);
        Assert.Contains("port", await noPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.DoesNotContain(await ListAsync(bridge), s => s.Name == "x.example.test");
    }

    [Fact]
    public async Task A_registered_server_is_listed_and_players_reach_it_by_hostname_through_the_edge()
    {
        var address = await RunningMinecraftAsync("edge-ridge", "Ridge");
        using var bridge = Bridge();

        await RegisterAsync(bridge, "ridge.play.example.test", address);
        var listed = await ListAsync(bridge);
        var status = await MinecraftPing.StatusAsync(EdgeAddress, EdgePort, "ridge.play.example.test");
        // Case, a trailing dot and Forge's marker are not part of the name.
        var forge = await MinecraftPing.StatusAsync(EdgeAddress, EdgePort, "RIDGE.play.example.test.\0FML3\0");
        var login = await MinecraftPing.LoginDisconnectAsync(EdgeAddress, EdgePort, "ridge.play.example.test");
        var inventory = await sim.Control.GetFromJsonAsync<JsonElement>("inventory");

        Assert.Contains(new BridgeServer("ridge.play.example.test", address, 25565), listed);
        Assert.Equal("Ridge", status.Description);
        Assert.Equal("1.21.4", status.Version);
        Assert.Equal("Ridge", forge.Description);
        Assert.Contains("simulated", login, StringComparison.Ordinal);
        Assert.Contains(inventory.GetProperty("velocity").EnumerateArray(), s => s.GetProperty("name").GetString() == "ridge.play.example.test");
    }

    [Fact]
    public async Task One_edge_routes_many_players_at_once_to_two_servers_by_hostname()
    {
        var north = await RunningMinecraftAsync("edge-north", "North");
        var south = await RunningMinecraftAsync("edge-south", "South");
        using var bridge = Bridge();
        await RegisterAsync(bridge, "north.play.example.test", north);
        await RegisterAsync(bridge, "south.play.example.test", south);

        var pings = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var host = i % 2 == 0 ? "north.play.example.test" : "south.play.example.test";
            return (host, (await MinecraftPing.StatusAsync(EdgeAddress, EdgePort, host)).Description);
        }));

        Assert.All(pings, p => Assert.Equal(p.host.StartsWith("north", StringComparison.Ordinal) ? "North" : "South", p.Description));
    }

    [Fact]
    public async Task A_hostname_nobody_registered_is_named_in_the_status_and_the_disconnect()
    {
        var status = await MinecraftPing.StatusAsync(EdgeAddress, EdgePort, "nobody.play.example.test");
        var login = await MinecraftPing.LoginDisconnectAsync(EdgeAddress, EdgePort, "nobody.play.example.test");

        Assert.Equal("Unknown server nobody.play.example.test", status.Description);
        Assert.Equal("No server is registered as nobody.play.example.test", login);
    }

    [Fact]
    public async Task An_unregistered_server_is_no_longer_routed_and_a_second_unregister_is_not_found()
    {
        var address = await RunningMinecraftAsync("edge-gone", "Gone");
        using var bridge = Bridge();
        await RegisterAsync(bridge, "gone.play.example.test", address);
        var before = await MinecraftPing.StatusAsync(EdgeAddress, EdgePort, "gone.play.example.test");

        using var first = await bridge.PostAsJsonAsync("zpack/unregister", new { server_name = "GONE.play.example.test" });
        using var second = await bridge.PostAsJsonAsync("zpack/unregister", new { server_name = "gone.play.example.test" });
        var login = await MinecraftPing.LoginDisconnectAsync(EdgeAddress, EdgePort, "gone.play.example.test");

        Assert.Equal("Gone", before.Description);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("No server is registered as gone.play.example.test", login);
        Assert.DoesNotContain(await ListAsync(bridge), s => s.Name == "gone.play.example.test");
    }

    [Fact]
    public async Task Registering_a_name_again_moves_it_to_the_new_server()
    {
        var old = await RunningMinecraftAsync("edge-old", "Old");
        var fresh = await RunningMinecraftAsync("edge-new", "New");
        using var bridge = Bridge();

        await RegisterAsync(bridge, "moved.play.example.test", old);
        await RegisterAsync(bridge, "Moved.play.example.test", fresh);
        var status = await MinecraftPing.StatusAsync(EdgeAddress, EdgePort, "moved.play.example.test");

        Assert.Equal("New", status.Description);
        Assert.Single(await ListAsync(bridge), s => s.Name.Equals("moved.play.example.test", StringComparison.OrdinalIgnoreCase));
    }

    internal static async Task<List<BridgeServer>> ListAsync(HttpClient bridge)
    {
        var list = await bridge.GetFromJsonAsync<JsonElement>("zpack/list");
        return list.GetProperty("servers").EnumerateArray()
            .Select(s => new BridgeServer(s.GetProperty("name").GetString()!, s.GetProperty("address").GetString()!, s.GetProperty("port").GetInt32()))
            .ToList();
    }

    internal sealed record BridgeServer(string Name, string Address, int Port);
}
