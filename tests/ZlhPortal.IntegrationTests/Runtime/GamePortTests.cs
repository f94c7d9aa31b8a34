using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>A simulated game server listens on its game port on its container address while its game runs, as a player would find it.</summary>
public sealed class GamePortTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    /// <summary>A container of <paramref name="template"/> whose game runs with <paramref name="settings"/>; returns its address.</summary>
    internal static async Task<(int Vmid, string Address, HttpClient Agent)> RunningGameAsync(SimulatorFixture sim, int template, string hostname, object settings)
    {
        var vmid = await sim.CloneAndStartAsync(template, hostname);
        var agent = sim.AgentClient(vmid, "game-port-credential");
        using var config = await agent.PostAsJsonAsync("config", settings);
        Assert.Equal(HttpStatusCode.Accepted, config.StatusCode);
        await AgentTests.WaitForStateAsync(agent, "running");
        return (vmid, sim.Host.GetAgentAddress(vmid)!, agent);
    }

    [Fact]
    public async Task A_running_minecraft_server_answers_the_server_list_ping_with_its_name_and_version()
    {
        var (_, address, agent) = await RunningGameAsync(sim, 200, "mc-slp", new { game = "minecraft", variant = "paper", version = "1.20.4", name = "Creeper Hollow" });
        using (agent)
        {
            var status = await MinecraftPing.StatusAsync(address, 25565, "creeper-hollow.play.example.test");
            var login = await MinecraftPing.LoginDisconnectAsync(address, 25565, "creeper-hollow.play.example.test");

            Assert.Equal("Creeper Hollow", status.Description);
            Assert.Equal("1.20.4", status.Version);
            Assert.Equal((0, 20), (status.Online, status.Max));
            Assert.Contains("simulated", login, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Terraria_answers_its_tcp_banner_with_the_hostname_when_no_name_is_set()
    {
        var (_, address, agent) = await RunningGameAsync(sim, 220, "terra-banner", new { game = "terraria", version = "1.4.4.9" });
        using (agent)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(address, 7777);
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            var banner = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("ZeroLagHub simulated terraria server terra-banner", banner);
        }
    }

    [Fact]
    public async Task Valheim_answers_a_datagram_on_its_udp_port()
    {
        var (_, address, agent) = await RunningGameAsync(sim, 210, "valheim-banner", new { game = "valheim", name = "Meadows" });
        using (agent)
        {
            using var client = new UdpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Parse(address), 2456);
            await client.SendAsync(Encoding.UTF8.GetBytes("hello?"));
            var reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("ZeroLagHub simulated valheim server Meadows", Encoding.UTF8.GetString(reply.Buffer));
        }
    }

    [Fact]
    public async Task The_game_port_refuses_connections_while_the_game_is_stopped_and_once_the_container_stops()
    {
        var (vmid, address, agent) = await RunningGameAsync(sim, 201, "mc-lifecycle", new { game = "minecraft", variant = "vanilla", name = "Lifecycle" });
        using (agent)
        {
            (await agent.PostAsync("stop", null)).EnsureSuccessStatusCode();
            await AgentTests.WaitForStateAsync(agent, "stopped");
            var whileStopped = await ConnectErrorAsync(address, 25565);
            (await agent.PostAsync("start", null)).EnsureSuccessStatusCode();
            await AgentTests.WaitForStateAsync(agent, "running");
            var afterStart = await MinecraftPing.StatusAsync(address, 25565, "lifecycle.example.test");
            await sim.CompleteAsync(sim.Client.Nodes["pve1"].Lxc[vmid].Status.Stop.CreateAsync());
            var containerStopped = await ConnectErrorAsync(address, 25565);

            Assert.Equal(SocketError.ConnectionRefused, whileStopped);
            Assert.Equal("Lifecycle", afterStart.Description);
            Assert.Equal(SocketError.ConnectionRefused, containerStopped);
        }
    }

    private static async Task<SocketError?> ConnectErrorAsync(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port);
            return null;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode;
        }
    }
}
