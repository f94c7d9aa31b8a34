using System.Net;
using ZlhPortal.IntegrationTests.Infrastructure;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>The per-container agent (DESIGN.md §7) and the dev container IDE, reached on the container's own loopback address.</summary>
public sealed class AgentTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => sim.ClearFaultsAsync();

    /// <summary>Polls <c>/status</c> until the agent reports <paramref name="state"/>; returns every state seen on the way.</summary>
    public static async Task<List<string>> WaitForStateAsync(HttpClient agent, string state, int timeoutSeconds = 15)
    {
        var seen = new List<string>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            using var response = await agent.GetAsync("status");
            response.EnsureSuccessStatusCode();
            var current = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!;
            if (seen.Count == 0 || seen[^1] != current)
            {
                seen.Add(current);
            }

            if (current == state)
            {
                return seen;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"agent never reached '{state}'; saw {string.Join(" → ", seen)}");
            await Task.Delay(Eventually.Interval);
        }
    }

    private async Task<(int Vmid, HttpClient Agent)> ConfiguredAsync(int template, string bearer)
    {
        var vmid = await sim.CloneAndStartAsync(template, $"agent-{template}");
        var agent = sim.AgentClient(vmid, bearer);
        using var response = await agent.PostAsJsonAsync("config", new
        {
            vmid, container_type = "game", game = "minecraft", variant = "paper", version = "1.21.4", memory_mb = 4096,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForStateAsync(agent, "running");
        return (vmid, agent);
    }

    [Fact]
    public async Task Config_installs_then_starts_the_game()
    {
        var vmid = await sim.CloneAndStartAsync(200, "mc-install");
        using var agent = sim.AgentClient(vmid, "credential-1");

        using var config = await agent.PostAsJsonAsync("config", new { vmid, game = "minecraft", variant = "paper", version = "1.21.4", memory_mb = 4096 });
        var health = await agent.GetFromJsonAsync<JsonElement>("health");
        var installing = await agent.GetFromJsonAsync<JsonElement>("status");
        var states = await WaitForStateAsync(agent, "running");
        var after = await agent.GetFromJsonAsync<JsonElement>("status");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, config.StatusCode);
        Assert.False(installing.GetProperty("configured").GetBoolean());
        Assert.Equal("installing", installing.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, installing.GetProperty("installStep").ValueKind);
        Assert.Equal("installing", states[0]);
        Assert.Contains("starting", states);
        Assert.True(after.GetProperty("configured").GetBoolean());
        Assert.Equal(0, after.GetProperty("crashCount").GetInt32());
    }

    [Fact]
    public async Task Console_sends_the_boot_log_then_answers_list_and_say()
    {
        var (vmid, agent) = await ConfiguredAsync(201, "credential-2");
        using var _ = agent;
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer credential-2");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://{sim.Host.GetAgentAddress(vmid)}:{sim.Host.Options.AgentPort}/console/stream"), timeout.Token);

        var boot = await ReadUntilAsync(socket, "For help, type \"help\"", timeout.Token);
        await SendAsync(socket, "list", timeout.Token);
        var list = await ReadUntilAsync(socket, "players online", timeout.Token);
        await SendAsync(socket, "say hello from the portal", timeout.Token);
        var say = await ReadUntilAsync(socket, "[Server] hello from the portal", timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Contains(boot, line => line.Contains("Starting minecraft server version 1.21.4", StringComparison.Ordinal));
        Assert.Contains("There are 0 of a max of 20 players online: ", list[^1], StringComparison.Ordinal);
        Assert.NotEmpty(say);
    }

    [Fact]
    public async Task Stop_from_the_console_stops_the_game_and_start_brings_it_back()
    {
        var (vmid, agent) = await ConfiguredAsync(202, "credential-3");
        using var _ = agent;
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer credential-3");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://{sim.Host.GetAgentAddress(vmid)}:{sim.Host.Options.AgentPort}/console/stream"), timeout.Token);

        await SendAsync(socket, "stop", timeout.Token);
        await ReadUntilAsync(socket, "Server stopped", timeout.Token);
        await WaitForStateAsync(agent, "stopped");
        using var start = await agent.PostAsync("start", null);
        await WaitForStateAsync(agent, "running");
        using var restart = await agent.PostAsync("restart", null);
        var states = await WaitForStateAsync(agent, "running");

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Contains(states[0], new[] { "stopping", "stopped", "starting" });
    }

    [Fact]
    public async Task Every_call_needs_the_bearer_credential_and_every_request_is_recorded()
    {
        var (vmid, agent) = await ConfiguredAsync(200, "credential-4");
        using var _ = agent;
        using var anonymous = sim.AgentClient(vmid, null);
        using var wrong = sim.AgentClient(vmid, "not-the-credential");
        anonymous.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Identity.Application=portal-cookie");

        var noBearer = await anonymous.GetAsync("status");
        var wrongBearer = await wrong.GetAsync("health");
        var reconfigure = await wrong.PostAsJsonAsync("config", new { game = "minecraft" });
        var ok = await agent.GetAsync("status");
        var recorded = await sim.Control.GetFromJsonAsync<JsonElement>($"agent-requests?vmid={vmid}");

        Assert.Equal(HttpStatusCode.Unauthorized, noBearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongBearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reconfigure.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var requests = recorded.EnumerateArray().ToList();
        Assert.Contains(requests, r => r.GetProperty("path").GetString() == "/config" && r.GetProperty("method").GetString() == "POST"
            && r.GetProperty("headers").GetProperty("Authorization").GetString() == "Bearer credential-4");
        Assert.Contains(requests, r => r.GetProperty("headers").TryGetProperty("Cookie", out var cookie)
            && cookie.GetString()!.Contains("portal-cookie", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Until_its_first_config_the_agent_refuses_every_other_call_then_keeps_that_bearer_for_good()
    {
        var vmid = await sim.CloneAndStartAsync(200, "mc-first-use");
        using var first = sim.AgentClient(vmid, "first-bearer");
        using var second = sim.AgentClient(vmid, "second-bearer");

        var beforeConfig = new[]
        {
            (await first.GetAsync("health")).StatusCode, (await first.GetAsync("status")).StatusCode,
            (await first.PostAsync("start", null)).StatusCode, (await first.GetAsync("files")).StatusCode,
        };
        using var claim = await first.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" });
        await WaitForStateAsync(first, "running");
        using var takeOver = await second.PostAsJsonAsync("config", new { game = "minecraft", variant = "vanilla", version = "1.21.4" });
        using var peek = await second.GetAsync("status");
        using var again = await first.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" });

        Assert.All(beforeConfig, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.Accepted, claim.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, takeOver.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, peek.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_container_description_is_not_a_credential()
    {
        var vmid = await sim.CloneAsync(220, "terraria-token");
        await sim.Client.Nodes["pve1"].Lxc[vmid].Config.SetAsync(new ZlhPortal.Proxmox.Models.LxcConfigUpdate { Description = "Order 7\nzlh-agent-token: from-description" });
        await sim.CompleteAsync(sim.Client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync());
        using var portal = sim.AgentClient(vmid, "first-caller");
        using var reader = sim.AgentClient(vmid, "from-description");

        var accepted = await portal.PostAsJsonAsync("config", new { game = "terraria" });
        var rejected = await reader.GetAsync("status");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task Files_are_confined_to_the_server_directory()
    {
        var (_, agent) = await ConfiguredAsync(200, "credential-5");
        using var __ = agent;

        var files = await agent.GetFromJsonAsync<JsonElement>("files");
        using var put = await agent.PutAsync("files/content?path=server.properties", new StringContent("motd=Édité\n"));
        using var read = await agent.GetAsync("files/content?path=server.properties");
        using var escape = await agent.GetAsync("files/content?path=../../etc/passwd");

        Assert.Contains(files.GetProperty("entries").EnumerateArray(), f => f.GetProperty("path").GetString() == "eula.txt");
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("motd=Édité\n", await read.Content.ReadAsStringAsync());
        // With its length in bytes, not chunked, as a file server answers for a file.
        Assert.Equal(Encoding.UTF8.GetByteCount("motd=Édité\n"), read.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.BadRequest, escape.StatusCode);
    }

    [Fact]
    public async Task A_dev_container_serves_the_ide_page_files_and_a_terminal()
    {
        var vmid = await sim.CloneAndStartAsync(250, "node-ide");
        using var configure = sim.AgentClient(vmid, "ide-credential");
        (await configure.PostAsJsonAsync("config", new { runtime = "node", version = "22.12.0", memory_mb = 2048 })).EnsureSuccessStatusCode();
        using var ide = sim.AgentClient(vmid, "ide-credential", sim.Host.Options.IdePort);
        using var anonymous = sim.AgentClient(vmid, null, sim.Host.Options.IdePort);

        var page = await ide.GetStringAsync("");
        using var save = await ide.PutAsync("api/files/content?path=index.js", new StringContent("console.log('saved');\n"));
        var saved = await ide.GetStringAsync("api/files/content?path=index.js");
        var denied = await anonymous.GetAsync("");

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer ide-credential");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://{sim.Host.GetAgentAddress(vmid)}:{sim.Host.Options.IdePort}/terminal"), timeout.Token);
        await ReadUntilAsync(socket, "$ ", timeout.Token);
        await SendAsync(socket, "ls\r", timeout.Token);
        var listing = await ReadUntilAsync(socket, "package.json", timeout.Token);
        await SendAsync(socket, "cat index.js\r", timeout.Token);
        var cat = await ReadUntilAsync(socket, "saved", timeout.Token);

        Assert.Contains("<textarea", page, StringComparison.Ordinal);
        Assert.Contains("terminal", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, save.StatusCode);
        Assert.Equal("console.log('saved');\n", saved);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Contains(listing, chunk => chunk.Contains("index.js", StringComparison.Ordinal));
        Assert.NotEmpty(cat);
    }

    [Fact]
    public async Task A_crash_loop_counts_crashes_and_restarts()
    {
        var (vmid, agent) = await ConfiguredAsync(201, "credential-6");
        using var _ = agent;
        await sim.SetFaultsAsync(new { agentCrashLoop = new[] { vmid } });

        using var restart = await agent.PostAsync("restart", null);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        JsonElement status;
        do
        {
            status = await agent.GetFromJsonAsync<JsonElement>("status");
            Assert.True(DateTimeOffset.UtcNow < deadline, "no crash was counted");
            await Task.Delay(Eventually.Interval);
        }
        while (status.GetProperty("crashCount").GetInt32() < 2);

        Assert.True(status.GetProperty("restartCount").GetInt32() >= 2);
    }

    [Fact]
    public async Task An_agent_that_never_becomes_healthy_answers_503()
    {
        var vmid = await sim.CloneAndStartAsync(210, "valheim-sick");
        await sim.SetFaultsAsync(new { agentNeverHealthy = new[] { vmid } });
        using var agent = sim.AgentClient(vmid, "credential-7");

        using var health = await agent.GetAsync("health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task Stopping_the_container_takes_its_agent_down()
    {
        var vmid = await sim.CloneAndStartAsync(253, "go-stop");
        using var agent = sim.AgentClient(vmid, "credential-8");
        // It answers (refusing, for it has no credential yet), so it is up.
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("health")).StatusCode);

        await sim.CompleteAsync(sim.Client.Nodes["pve1"].Lxc[vmid].Status.Stop.CreateAsync());

        await Assert.ThrowsAsync<HttpRequestException>(() => agent.GetAsync("health"));
    }

    [Fact]
    public async Task A_dropped_console_socket_ends_after_the_history()
    {
        var (vmid, agent) = await ConfiguredAsync(202, "credential-9");
        using var _ = agent;
        await sim.SetFaultsAsync(new { dropConsole = new[] { vmid } });
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer credential-9");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://{sim.Host.GetAgentAddress(vmid)}:{sim.Host.Options.AgentPort}/console/stream"), timeout.Token);

        var history = await ReadUntilAsync(socket, "For help, type \"help\"", timeout.Token);
        var dropped = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            while (true)
            {
                await socket.ReceiveAsync(new byte[1024], timeout.Token);
            }
        });

        Assert.NotEmpty(history);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, dropped.WebSocketErrorCode);
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    /// <summary>Collects text frames until one contains <paramref name="marker"/>.</summary>
    private static async Task<List<string>> ReadUntilAsync(ClientWebSocket socket, string marker, CancellationToken ct)
    {
        var frames = new List<string>();
        var buffer = new byte[8192];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);

            frames.Add(text.ToString());
            if (frames[^1].Contains(marker, StringComparison.Ordinal))
            {
                return frames;
            }
        }
    }
}
