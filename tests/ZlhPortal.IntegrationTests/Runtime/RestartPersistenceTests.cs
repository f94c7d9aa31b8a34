using System.Net.Http.Json;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>The simulator keeps its containers in a state file; a restart behaves like a pveproxy restart.</summary>
public sealed class RestartPersistenceTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "zlh-sim-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private SimulatorOptions Options(Action<SimulatorOptions>? configure = null)
    {
        var options = SimulatorFixture.TestOptions();
        options.StateFile = Path.Combine(directory, "state.json");
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Containers_agents_and_certificate_survive_a_restart()
    {
        var options = Options();
        int vmid;
        string fingerprint;
        await using (var first = await SimulatorHost.StartAsync(options))
        {
            fingerprint = first.CertificateFingerprint;
            var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(first));
            vmid = (await client.Cluster.NextIdAsync(1500)).GetDataOrThrow();
            await Complete(client, client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "persist" }));
            await Complete(client, client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync());
            using var agent = Agent(first, vmid, "agent-secret");
            (await agent.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" })).EnsureSuccessStatusCode();
            await AgentTests.WaitForStateAsync(agent, "running");
        }

        await using var second = await SimulatorHost.StartAsync(options);
        var again = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(second));
        var status = (await again.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync()).GetDataOrThrow();
        using var agentAgain = Agent(second, vmid, "agent-secret");
        using var intruder = Agent(second, vmid, "other");

        Assert.Equal(fingerprint, second.CertificateFingerprint);
        Assert.Equal("persist", status.Name);
        Assert.True(status.IsRunning);
        await AgentTests.WaitForStateAsync(agentAgain, "running");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await intruder.GetAsync("status")).StatusCode);
    }

    [Fact]
    public async Task Files_folders_and_links_survive_a_restart_and_a_state_file_with_text_files_still_loads()
    {
        var options = Options();
        int vmid;
        byte[] bytes = [0, 1, 2, 254, 255];
        await using (var first = await SimulatorHost.StartAsync(options))
        {
            var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(first));
            vmid = (await client.Cluster.NextIdAsync(1600)).GetDataOrThrow();
            await Complete(client, client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "files-persist" }));
            await Complete(client, client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync());
            using var agent = Agent(first, vmid, "agent-secret");
            (await agent.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" })).EnsureSuccessStatusCode();
            (await agent.PutAsync("files/content?path=world/level.dat", new ByteArrayContent(bytes))).EnsureSuccessStatusCode();
            (await agent.PostAsJsonAsync("files/folder", new { path = "empty" })).EnsureSuccessStatusCode();
        }

        // A state file from before files were kept as bytes held each file's text.
        var state = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(options.StateFile!))!;
        state["Containers"]![vmid.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["Agent"]!["Files"]!["eula.txt"] = "eula=false\n";
        await File.WriteAllTextAsync(options.StateFile!, state.ToJsonString());

        await using var second = await SimulatorHost.StartAsync(options);
        using var agentAgain = Agent(second, vmid, "agent-secret");
        var root = await agentAgain.GetFromJsonAsync<System.Text.Json.JsonElement>("files");

        Assert.Equal(bytes, await agentAgain.GetByteArrayAsync("files/content?path=world/level.dat"));
        Assert.Equal("eula=false\n", await agentAgain.GetStringAsync("files/content?path=eula.txt"));
        Assert.Contains(root.GetProperty("entries").EnumerateArray(), e => e.GetProperty("name").GetString() == "empty" && e.GetProperty("type").GetString() == "folder");
    }

    [Fact]
    public async Task Velocity_registrations_and_the_bridge_secret_survive_a_restart()
    {
        var options = Options();
        string secret;
        await using (var first = await SimulatorHost.StartAsync(options))
        {
            secret = first.VelocitySecret;
            using var bridge = SimulatorFixture.BridgeClient(first, SimulatorFixture.BridgeSecretHeader(secret));
            (await bridge.PostAsJsonAsync("zpack/register", new { server_name = "kept.play.example.test", address = "127.0.0.1", port = 25565 })).EnsureSuccessStatusCode();
        }

        await using var second = await SimulatorHost.StartAsync(options);
        using var again = SimulatorFixture.BridgeClient(second, SimulatorFixture.BridgeSecretHeader(second.VelocitySecret));
        var listed = await VelocityEdgeTests.ListAsync(again);

        Assert.Equal(secret, second.VelocitySecret);
        Assert.Contains(new VelocityEdgeTests.BridgeServer("kept.play.example.test", "127.0.0.1", 25565), listed);
    }

    [Fact]
    public async Task A_task_running_at_shutdown_ends_failed_and_gives_its_locks_back()
    {
        var options = Options(o => o.TaskDurations["vzclone"] = TimeSpan.FromMinutes(5));
        Upid upid;
        await using (var first = await SimulatorHost.StartAsync(options))
        {
            var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(first));
            upid = (await client.Nodes["pve1"].Lxc[250].CloneAsync(new LxcCloneRequest(1600) { Hostname = "interrupted" })).GetDataOrThrow();
            Assert.Equal("disk", (await client.Nodes["pve1"].Lxc[250].Status.Current.GetAsync()).GetDataOrThrow().Lock);
        }

        await using var second = await SimulatorHost.StartAsync(options);
        var again = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(second));
        var task = (await again.Nodes["pve1"].Tasks[upid].Status.GetAsync()).GetDataOrThrow();
        var template = (await again.Nodes["pve1"].Lxc[250].Status.Current.GetAsync()).GetDataOrThrow();
        var clone = await again.Nodes["pve1"].Lxc[1600].Status.Current.GetAsync();

        Assert.Equal("stopped", task.Status);
        Assert.Equal("unexpected status", task.ExitStatus);
        Assert.Null(template.Lock);
        Assert.Equal(ProxmoxErrorKind.NotFound, clone.Error!.Kind);
    }

    [Fact]
    public async Task Backups_with_their_protection_and_notes_survive_a_restart()
    {
        var options = Options();
        string volid;
        await using (var first = await SimulatorHost.StartAsync(options))
        {
            var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(first));
            await Complete(client, client.Nodes["pve1"].Lxc[220].CloneAsync(new LxcCloneRequest(1700) { Hostname = "kept-backup" }));
            await Complete(client, client.CreateAsync<Upid>("nodes/pve1/vzdump", new ProxmoxParameters()
                .Add("vmid", 1700).Add("storage", "pbs").Add("protected", true).Add("notes-template", "{{guestname}}")));
            volid = (await client.Nodes["pve1"].Storage["pbs"].ContentAsync("backup", 1700)).GetDataOrThrow().Single().VolId;
        }

        await using var second = await SimulatorHost.StartAsync(options);
        var again = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(second));
        var backup = (await again.Nodes["pve2"].Storage["pbs"].ContentAsync("backup", 1700)).GetDataOrThrow().Single();

        Assert.Equal(volid, backup.VolId);
        Assert.True(backup.Protected);
        Assert.Equal("kept-backup", backup.Notes);
    }

    [Fact]
    public async Task A_restore_running_at_shutdown_leaves_the_container_locked_for_creation_as_proxmox_does()
    {
        var options = Options(o => o.TaskDurations["vzrestore"] = TimeSpan.FromMinutes(5));
        Upid upid;
        await using (var first = await SimulatorHost.StartAsync(options))
        {
            var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(first));
            await Complete(client, client.Nodes["pve1"].Lxc[220].CloneAsync(new LxcCloneRequest(1800) { Hostname = "half-restored" }));
            await Complete(client, client.CreateAsync<Upid>("nodes/pve1/vzdump", new ProxmoxParameters().Add("vmid", 1800).Add("storage", "pbs")));
            var volid = (await client.Nodes["pve1"].Storage["pbs"].ContentAsync("backup", 1800)).GetDataOrThrow().Single().VolId;
            upid = (await client.CreateAsync<Upid>("nodes/pve1/lxc", new ProxmoxParameters()
                .Add("vmid", 1800).Add("ostemplate", volid).Add("restore", true).Add("force", true).Add("storage", "local-lvm"))).GetDataOrThrow();
            Assert.Equal("create", (await client.Nodes["pve1"].Lxc[1800].Status.Current.GetAsync()).GetDataOrThrow().Lock);
        }

        await using var second = await SimulatorHost.StartAsync(options);
        var again = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(second));
        var task = (await again.Nodes["pve1"].Tasks[upid].Status.GetAsync()).GetDataOrThrow();
        var container = (await again.Nodes["pve1"].Lxc[1800].Status.Current.GetAsync()).GetDataOrThrow();
        var start = await again.Nodes["pve1"].Lxc[1800].Status.Start.CreateAsync();
        var started = await again.WaitForTaskAsync(start.GetDataOrThrow(), TimeSpan.FromSeconds(30));

        Assert.Equal("unexpected status", task.ExitStatus);
        Assert.Equal("create", container.Lock);
        Assert.Equal("stopped", container.Status);
        Assert.False(started.IsSuccess);
        Assert.Contains("CT is locked (create)", started.ToString(), StringComparison.Ordinal);
    }

    private static async Task Complete(ProxmoxClient client, Task<ProxmoxResult<Upid>> start)
    {
        var done = await client.WaitForTaskAsync((await start).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        Assert.True(done.IsSuccess, done.ToString());
    }

    private static HttpClient Agent(SimulatorHost host, int vmid, string bearer)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = host.GetAgentUrl(vmid) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
