using System.Net.Http.Json;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Every call the portal makes, through our client, over HTTPS with a pinned certificate, against the simulator.</summary>
public sealed class ProxmoxContractTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private ProxmoxClient Client => sim.Client;

    [Fact]
    public async Task Reports_version_nodes_and_node_status()
    {
        var version = (await Client.Version.GetAsync()).GetDataOrThrow();
        var nodes = (await Client.Nodes.GetAsync()).GetDataOrThrow();
        var status = (await Client.Nodes["pve2"].Status.GetAsync()).GetDataOrThrow();

        Assert.StartsWith("9.", version.Version, StringComparison.Ordinal);
        Assert.Equal(new[] { "pve1", "pve2" }, nodes.Select(n => n.Node));
        Assert.All(nodes, n => Assert.True(n.IsOnline));
        Assert.All(nodes, n => Assert.Equal(sim.Host.CertificateFingerprint, n.SslFingerprint));
        Assert.Equal(128L << 30, status.Memory.Total);
        Assert.True(status.Memory.Used > 0);
        Assert.Equal(32, status.CpuInfo.Cpus);
        Assert.Equal(3, status.LoadAvg.Count);
    }

    [Fact]
    public async Task Lists_the_template_catalog_in_cluster_resources()
    {
        var vms = (await Client.Cluster.ResourcesAsync("vm")).GetDataOrThrow();
        var all = (await Client.Cluster.ResourcesAsync(null)).GetDataOrThrow();

        var templates = vms.Where(r => r.Template).ToList();
        Assert.Contains(templates, t => t.Vmid == 200 && t.Name == "tpl-minecraft-paper");
        Assert.All(templates, t => Assert.InRange(t.Vmid, 200, 299));
        Assert.All(vms, r => Assert.Equal("lxc", r.Type));
        Assert.Contains(all, r => r.Type == "node" && r.Id == "node/pve1");
        Assert.Contains(all, r => r.Type == "storage" && r.Storage == "ceph-ct");
    }

    [Fact]
    public async Task Nextid_returns_the_lowest_free_id_and_rejects_a_taken_one()
    {
        var next = (await Client.Cluster.NextIdAsync()).GetDataOrThrow();
        var taken = await Client.Cluster.NextIdAsync(200);
        var free = await Client.Cluster.NextIdAsync(123456);

        Assert.Equal(100, next);
        Assert.Equal(ProxmoxErrorKind.AlreadyExists, taken.Error!.Kind);
        Assert.Equal("VM 200 already exists", taken.Errors["vmid"]);
        Assert.Equal(123456, free.GetDataOrThrow());
    }

    [Fact]
    public async Task Runs_a_container_through_clone_start_status_stop_and_delete()
    {
        var vmid = sim.NextVmid();
        var ct = Client.Nodes["pve1"].Lxc[vmid];

        var clone = await sim.CompleteAsync(Client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "mc-life", Full = true, Pool = "games" }));
        var stopped = (await ct.Status.Current.GetAsync()).GetDataOrThrow();
        await sim.CompleteAsync(ct.Status.Start.CreateAsync());
        var running = (await ct.Status.Current.GetAsync()).GetDataOrThrow();
        var interfaces = (await ct.Interfaces.GetAsync()).GetDataOrThrow();
        var address = sim.Host.GetAgentAddress(vmid);
        var listed = (await Client.Nodes["pve1"].Lxc.GetAsync()).GetDataOrThrow();
        await sim.CompleteAsync(ct.Status.Stop.CreateAsync());
        await sim.CompleteAsync(ct.DeleteAsync(new LxcDeleteOptions { Purge = true, DestroyUnreferencedDisks = true }));
        var gone = await ct.Status.Current.GetAsync();

        Assert.Equal("vzclone", clone.Type);
        Assert.Equal("200", clone.Id);
        Assert.Equal("root@pam", clone.User);
        Assert.Equal("zlhportal", clone.TokenId);
        Assert.Equal("stopped", stopped.Status);
        Assert.Equal(0, stopped.Mem);
        Assert.Equal("mc-life", running.Name);
        Assert.True(running.IsRunning);
        Assert.True(running.Mem > 0 && running.Mem < running.MaxMem);
        Assert.True(running.Cpu > 0);
        Assert.Equal(address, interfaces.Single(i => i.Name == "eth0").IPv4Address);
        Assert.Contains(listed, c => c.Vmid == vmid && c.Status == "running");
        Assert.Equal(ProxmoxErrorKind.NotFound, gone.Error!.Kind);
        Assert.Equal(500, gone.StatusCode);
    }

    [Fact]
    public async Task Answers_power_actions_in_the_wrong_state_synchronously()
    {
        var vmid = await sim.CloneAsync(201, "mc-power");
        var ct = Client.Nodes["pve1"].Lxc[vmid];

        var stopWhileStopped = await ct.Status.Stop.CreateAsync();
        var rebootWhileStopped = await ct.Status.Reboot.CreateAsync();
        await sim.CompleteAsync(ct.Status.Start.CreateAsync());
        var startWhileRunning = await ct.Status.Start.CreateAsync();
        var deleteWhileRunning = await ct.DeleteAsync();
        await sim.CompleteAsync(ct.Status.Reboot.CreateAsync());
        await sim.CompleteAsync(ct.Status.ShutdownAsync(timeoutSeconds: 30, forceStop: true));
        var after = (await ct.Status.Current.GetAsync()).GetDataOrThrow();

        Assert.Equal($"CT {vmid} not running", stopWhileStopped.ReasonPhrase);
        Assert.Equal($"VM {vmid} not running", rebootWhileStopped.ReasonPhrase);
        Assert.Equal($"CT {vmid} already running", startWhileRunning.ReasonPhrase);
        Assert.Equal($"unable to destroy CT {vmid} - container is running", deleteWhileRunning.ReasonPhrase);
        Assert.Equal("stopped", after.Status);
    }

    [Fact]
    public async Task Deletes_a_running_container_with_force()
    {
        var vmid = await sim.CloneAndStartAsync(220, "terraria-force");

        await sim.CompleteAsync(Client.Nodes["pve1"].Lxc[vmid].DeleteAsync(new LxcDeleteOptions { Force = true, Purge = true }));

        var resources = (await Client.Cluster.ResourcesAsync()).GetDataOrThrow();
        Assert.DoesNotContain(resources, r => r.Vmid == vmid);
    }

    [Fact]
    public async Task Reads_and_changes_the_config_with_digest_protection()
    {
        var vmid = await sim.CloneAsync(250, "dev-config");
        var config = Client.Nodes["pve1"].Lxc[vmid].Config;
        var before = (await config.GetAsync()).GetDataOrThrow();

        var set = await config.SetAsync(new LxcConfigUpdate
        {
            Cores = 4,
            Memory = 3072,
            Swap = 256,
            OnBoot = true,
            Tags = "customer-42;dev",
            Description = "Order 42",
            Networks = new Dictionary<int, string> { [0] = "name=eth0,bridge=vmbr2,ip=dhcp" },
            Digest = before.Digest,
        });
        var after = (await config.GetAsync()).GetDataOrThrow();
        var stale = await config.SetAsync(new LxcConfigUpdate { Cores = 1, Digest = before.Digest });
        var cleared = await config.SetAsync(new LxcConfigUpdate { Delete = ["tags"] });
        var badBoolean = await Client.SetAsync<object>($"nodes/pve1/lxc/{vmid}/config", new ProxmoxParameters().Add("onboot", "true"));
        var unknown = await Client.SetAsync<object>($"nodes/pve1/lxc/{vmid}/config", new ProxmoxParameters().Add("destroy_unreferenced_disks", "1"));

        Assert.True(set.IsSuccess, set.ToString());
        Assert.Equal(4, after.Cores);
        Assert.Equal(3072, after.Memory);
        Assert.Equal(256, after.Swap);
        Assert.True(after.OnBoot);
        Assert.Equal("customer-42;dev", after.Tags);
        Assert.Equal("Order 42", after.Description);
        Assert.Matches("^name=eth0,bridge=vmbr2,ip=dhcp,hwaddr=BC:24:11:[0-9A-F:]+,type=veth$", after.Networks[0]);
        Assert.True(after.Unprivileged);
        Assert.NotEqual(before.Digest, after.Digest);
        Assert.Equal("detected modified configuration - file changed by other user? Try again.", stale.ReasonPhrase);
        Assert.True(cleared.IsSuccess);
        Assert.Null((await config.GetAsync()).GetDataOrThrow().Tags);
        Assert.Equal("type check ('boolean') failed - got 'true'", badBoolean.Errors["onboot"]);
        Assert.Equal(ProxmoxErrorKind.InvalidParameter, unknown.Error!.Kind);
        Assert.Contains("destroy_unreferenced_disks", unknown.Errors.Keys);
    }

    [Fact]
    public async Task Grows_the_root_disk_and_refuses_to_shrink_it()
    {
        var vmid = await sim.CloneAsync(220, "resize");
        var ct = Client.Nodes["pve1"].Lxc[vmid];

        await sim.CompleteAsync(ct.ResizeAsync("rootfs", "+4G"));
        var grown = (await ct.Config.GetAsync()).GetDataOrThrow();
        var shrink = await ct.ResizeAsync("rootfs", "2G");
        var same = await ct.ResizeAsync("rootfs", "12G");
        var badSize = await ct.ResizeAsync("rootfs", "huge");

        Assert.EndsWith("size=12G", grown.RootFs, StringComparison.Ordinal);
        Assert.Equal("unable to shrink disk size", shrink.ReasonPhrase);
        Assert.Equal("disk is already at specified size", same.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.InvalidParameter, badSize.Error!.Kind);
    }

    [Fact]
    public async Task Creates_lists_rolls_back_and_deletes_snapshots()
    {
        var vmid = await sim.CloneAsync(210, "valheim-snap");
        var ct = Client.Nodes["pve1"].Lxc[vmid];

        await sim.CompleteAsync(ct.Snapshot.CreateAsync("before-update", "pre 0.219"));
        await ct.Config.SetAsync(new LxcConfigUpdate { Cores = 6 });
        var duplicate = await ct.Snapshot.CreateAsync("before-update");
        var badName = await ct.Snapshot.CreateAsync("1bad");
        var list = (await ct.Snapshot.GetAsync()).GetDataOrThrow();
        await sim.CompleteAsync(ct.Snapshot["before-update"].Rollback.CreateAsync());
        var rolledBack = (await ct.Config.GetAsync()).GetDataOrThrow();
        await sim.CompleteAsync(ct.Snapshot["before-update"].DeleteAsync());
        var missing = await ct.Snapshot["before-update"].Rollback.CreateAsync();

        Assert.Equal(new[] { "before-update", "current" }, list.Select(s => s.Name));
        Assert.Equal("pre 0.219", list[0].Description);
        Assert.Equal("before-update", list[1].Parent);
        Assert.Equal("snapshot name 'before-update' already used", duplicate.ReasonPhrase);
        Assert.Equal(400, badName.StatusCode);
        Assert.Equal(2, rolledBack.Cores);
        Assert.Equal(ProxmoxErrorKind.NotFound, missing.Error!.Kind);
    }

    [Fact]
    public async Task Backs_up_with_vzdump_and_lists_the_archive_in_storage_content()
    {
        var vmid = await sim.CloneAndStartAsync(202, "fabric-backup");

        var task = await sim.CompleteAsync(Client.Nodes["pve1"].VzdumpAsync(new VzdumpRequest(vmid) { Storage = "local", Mode = "snapshot", Compress = "zstd" }));
        var wrongNode = await Client.Nodes["pve2"].VzdumpAsync(new VzdumpRequest(vmid) { Storage = "local" });
        var backups = (await Client.Nodes["pve1"].Storage["local"].ContentAsync("backup", vmid)).GetDataOrThrow();
        var templates = (await Client.Nodes["pve1"].Storage["local"].ContentAsync("vztmpl")).GetDataOrThrow();
        var log = await Client.Nodes["pve1"].Tasks[task.Upid].LogAsync();

        Assert.Equal("vzdump", task.Type);
        Assert.True(wrongNode.IsSuccess);
        Assert.Null(wrongNode.Data);
        var backup = Assert.Single(backups);
        Assert.Matches($"^local:backup/vzdump-lxc-{vmid}-\\d{{4}}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.tar\\.zst$", backup.VolId);
        Assert.Equal(vmid, backup.Vmid);
        Assert.Equal("tar.zst", backup.Format);
        Assert.True(backup.Size > 0);
        Assert.Contains(templates, t => t.VolId.StartsWith("local:vztmpl/debian-12", StringComparison.Ordinal));
        Assert.Equal("TASK OK", log.GetDataOrThrow()[^1].T);
        Assert.Equal(log.Data!.Count, log.Total);
    }

    [Fact]
    public async Task Returns_rrd_series_with_gaps_before_creation()
    {
        var vmid = await sim.CloneAndStartAsync(200, "mc-rrd");

        var points = (await Client.Nodes["pve1"].Lxc[vmid].RrdDataAsync("hour")).GetDataOrThrow();
        var day = (await Client.Nodes["pve1"].Lxc[200].RrdDataAsync("day")).GetDataOrThrow();

        Assert.Equal(70, points.Count);
        Assert.Equal(60, points[^1].Time - points[^2].Time);
        Assert.NotNull(points[^1].Mem);
        // The clone may have fallen in the minute before the read.
        Assert.All(points.SkipLast(2), p => Assert.Null(p.Mem));
        Assert.Equal(70, day.Count);
        Assert.Equal(1800, day[^1].Time - day[^2].Time);
        Assert.All(day, p => Assert.Equal(4096L * 1024 * 1024, p.MaxMem));
        Assert.Contains(day, p => p.Cpu > 0);
    }

    [Fact]
    public async Task Clones_to_another_node_over_shared_storage()
    {
        var vmid = sim.NextVmid();

        await sim.CompleteAsync(Client.Nodes["pve1"].Lxc[253].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "go-remote", Target = "pve2" }));

        Assert.True((await Client.Nodes["pve2"].Lxc[vmid].Status.Current.GetAsync()).IsSuccess);
        Assert.Equal(ProxmoxErrorKind.NotFound, (await Client.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync()).Error!.Kind);
    }

    [Fact]
    public async Task Reports_missing_guests_nodes_and_tasks_as_not_found()
    {
        var missingGuest = await Client.Nodes["pve1"].Lxc[99999].Config.GetAsync();
        var missingNode = await Client.Nodes["pve9"].Lxc.GetAsync();
        var missingTask = await Client.Nodes["pve2"].Tasks["UPID:pve2:00000001:00000001:00000001:vzstart:1:root@pam:"].Status.GetAsync();
        var unknownPath = await Client.GetAsync<object>("nodes/pve1/qemu/100/agent/ping");

        Assert.Equal("Configuration file 'nodes/pve1/lxc/99999.conf' does not exist", missingGuest.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.NotFound, missingGuest.Error!.Kind);
        Assert.Equal(ProxmoxErrorKind.NotFound, missingNode.Error!.Kind);
        Assert.Equal(ProxmoxErrorKind.NotFound, missingTask.Error!.Kind);
        Assert.Equal(501, unknownPath.StatusCode);
    }

    [Fact]
    public async Task Logs_in_with_a_ticket_and_sends_the_csrf_token_on_writes()
    {
        var options = SimulatorFixture.ClientOptionsFor(sim.Host);
        options.TokenId = null;
        var client = SimulatorFixture.CreateClient(options);

        var anonymous = await client.Nodes.GetAsync();
        var badLogin = await client.LoginAsync("root@pam", "wrong");
        var login = await client.LoginAsync("root@pam", sim.Host.RootPassword);
        var read = await client.Nodes.GetAsync();
        var write = await client.Nodes["pve1"].Lxc[200].Config.SetAsync(new LxcConfigUpdate { Description = "ZeroLagHub template: Minecraft (Paper)" });

        Assert.Equal("No ticket", anonymous.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.Unauthorized, badLogin.Error!.Kind);
        Assert.StartsWith("PVE:root@pam:", login.GetDataOrThrow().Ticket, StringComparison.Ordinal);
        Assert.True(read.IsSuccess);
        Assert.True(write.IsSuccess, write.ToString());
    }

    [Fact]
    public async Task Accepts_json_bodies_as_corsinvest_sends_them_and_rejects_malformed_ones()
    {
        using var http = new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "PVEAPIToken=" + sim.Host.ApiToken);
        var vmid = sim.NextVmid();
        var url = sim.Host.ProxmoxApiUrl + "/nodes/pve1/lxc/201/clone";

        using var json = await http.PostAsync(url, new StringContent($$"""{"newid":{{vmid}},"hostname":"from-json","full":true}""", System.Text.Encoding.UTF8, "application/json"));
        using var malformed = await http.PostAsync(url, new StringContent("{\"newid\":", System.Text.Encoding.UTF8, "application/json"));
        using var bodyOnGet = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, sim.Host.ProxmoxApiUrl + "/version") { Content = new StringContent("x=1") });

        Assert.Equal(System.Net.HttpStatusCode.OK, json.StatusCode);
        var upid = Upid.Parse(await ReadUpidAsync(json));
        Assert.True((await Client.WaitForTaskAsync(upid, TimeSpan.FromSeconds(10))).IsSuccess);
        Assert.Equal("from-json", (await Client.Nodes["pve1"].Lxc[vmid].Config.GetAsync()).GetDataOrThrow().Hostname);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(501, (int)bodyOnGet.StatusCode);
        Assert.Equal("Unexpected content for method 'GET'", bodyOnGet.ReasonPhrase);
    }

    private static async Task<string> ReadUpidAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetString()!;

    [Theory]
    [InlineData("POST", "status/stop", "timeout=5", "timeout")]
    [InlineData("DELETE", "", "skiplock=1", "skiplock")]
    public async Task Refuses_parameters_proxmox_does_not_define_for_containers(string method, string path, string query, string parameter)
    {
        var url = new Uri($"{sim.Host.ProxmoxApiUrl}/nodes/pve1/lxc/4242{(path.Length > 0 ? "/" + path : "")}?{query}");
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([new KeyValuePair<string, string>(query.Split('=')[0], query.Split('=')[1])]);
            request.RequestUri = new Uri(url.GetLeftPart(UriPartial.Path));
        }

        using var response = await sim.Control.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not defined in schema", body.GetProperty("errors").GetProperty(parameter).GetString(), StringComparison.Ordinal);
    }
}
