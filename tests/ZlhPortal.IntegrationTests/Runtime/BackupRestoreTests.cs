using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Backups to Proxmox Backup Server, their volumes, and restoring a container, over the API's own wire format.</summary>
public sealed class BackupRestoreTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private ProxmoxClient Client => sim.Client;

    [Fact]
    public async Task A_pbs_backup_is_listed_on_every_node_with_size_time_first_line_of_notes_and_protection()
    {
        var vmid = await sim.CloneAndStartAsync(200, "pbs-listed");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var upid = await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump",
            ("vmid", $"{vmid}"), ("storage", "pbs"), ("protected", "1"), ("notes-template", "{{guestname}}\nsecond line"));
        var (status, log) = await EndOfAsync(upid);
        var onPve1 = Single(await ListAsync("pve1", vmid));
        var onPve2 = Single(await ListAsync("pve2", vmid));

        Assert.Equal("OK", status.ExitStatus);
        Assert.Equal("vzdump", status.Type);
        Assert.Matches($@"^pbs:backup/ct/{vmid}/\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", onPve1.GetProperty("volid").GetString());
        Assert.Equal(onPve1.GetProperty("volid").GetString(), onPve2.GetProperty("volid").GetString());
        Assert.Equal("pbs-ct", onPve1.GetProperty("format").GetString());
        Assert.True(onPve1.GetProperty("size").GetInt64() > 0);
        Assert.InRange(onPve1.GetProperty("ctime").GetInt64(), before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(1, onPve1.GetProperty("protected").GetInt32());
        Assert.Equal("pbs-listed", onPve1.GetProperty("notes").GetString());
        Assert.Contains($"INFO: Starting Backup of VM {vmid} (lxc)", log);
        Assert.Contains("INFO: status = running", log);
        Assert.Contains("INFO: CT Name: pbs-listed", log);
        Assert.Contains("INFO: including mount point rootfs ('/') in backup", log);
        Assert.Contains(log, l => l.StartsWith($"INFO: creating Proxmox Backup Server archive 'ct/{vmid}/", StringComparison.Ordinal));
        Assert.Contains("INFO: marking backup as protected", log);
        Assert.Contains(log, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^INFO: Finished Backup of VM {vmid} \(\d\d:\d\d:\d\d\)$"));
        Assert.Equal(["INFO: Backup job finished successfully", "TASK OK"], log[^2..]);
    }

    [Fact]
    public async Task An_unprotected_backup_is_listed_without_the_flag()
    {
        var vmid = await sim.CloneAsync(201, "pbs-plain");

        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("storage", "pbs")));
        var backup = Single(await ListAsync("pve1", vmid));

        Assert.False(backup.TryGetProperty("protected", out _));
        Assert.False(backup.TryGetProperty("notes", out _));
    }

    [Fact]
    public async Task Protected_needs_a_storage_as_the_schema_says()
    {
        var vmid = await sim.CloneAsync(201, "pbs-nostorage");

        var (code, _, body) = await CallAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("protected", "1"));

        Assert.Equal(400, code);
        Assert.Equal("missing property required by 'protected'", body.GetProperty("errors").GetProperty("storage").GetString());
    }

    [Fact]
    public async Task A_protected_backup_is_not_deleted_until_its_protection_is_lifted()
    {
        var vmid = await sim.CloneAsync(202, "pbs-protect");
        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("storage", "pbs")));
        var volid = Single(await ListAsync("pve1", vmid)).GetProperty("volid").GetString()!;
        var volume = $"nodes/pve1/storage/pbs/content/{Uri.EscapeDataString(volid)}";

        var (protectCode, _, protectBody) = await CallAsync(HttpMethod.Put, volume, ("protected", "1"), ("notes", "keep me\nfor a while"));
        var (_, _, info) = await CallAsync(HttpMethod.Get, volume);
        var (refusal, refusalLog) = await EndOfAsync(await StartTaskAsync(HttpMethod.Delete, volume));
        var (delayedCode, delayedReason, _) = await CallAsync(HttpMethod.Delete, volume + "?delay=5");
        var stillListed = await ListAsync("pve1", vmid);
        await CallAsync(HttpMethod.Put, volume, ("protected", "0"));
        // A name without its storage prefix is taken only without colons, which a PBS snapshot's time has.
        var (shortCode, _, shortBody) = await CallAsync(HttpMethod.Delete, $"nodes/pve1/storage/pbs/content/{Uri.EscapeDataString(volid["pbs:".Length..])}");
        var (removal, removalLog) = await EndOfAsync(await StartTaskAsync(HttpMethod.Delete, volume));
        var afterwards = await ListAsync("pve1", vmid);
        var (goneCode, goneReason, _) = await CallAsync(HttpMethod.Get, volume);

        Assert.Equal(200, protectCode);
        Assert.Equal(JsonValueKind.Null, protectBody.GetProperty("data").ValueKind);
        Assert.True(info.GetProperty("data").GetProperty("protected").GetBoolean());
        Assert.Equal("keep me\nfor a while", info.GetProperty("data").GetProperty("notes").GetString());
        Assert.Equal("pbs-ct", info.GetProperty("data").GetProperty("format").GetString());
        Assert.StartsWith("pbs://", info.GetProperty("data").GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal("imgdel", refusal.Type);
        Assert.Equal($"{vmid}@pbs", refusal.Id);
        Assert.Equal("proxmox-backup-client failed: Error: cannot remove protected snapshot", refusal.ExitStatus);
        Assert.Equal("TASK ERROR: proxmox-backup-client failed: Error: cannot remove protected snapshot", refusalLog[^1]);
        Assert.Equal(500, delayedCode);
        Assert.Equal("proxmox-backup-client failed: Error: cannot remove protected snapshot", delayedReason);
        Assert.Single(stillListed);
        Assert.Equal(400, shortCode);
        Assert.Equal($"unable to parse volume ID '{volid["pbs:".Length..]}'", shortBody.GetProperty("errors").GetProperty("volume").GetString());
        Assert.Equal("OK", removal.ExitStatus);
        Assert.Contains($"Removed volume '{volid}'", removalLog);
        Assert.Empty(afterwards);
        Assert.Equal(500, goneCode);
        Assert.Contains("unable to load blob", goneReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_backup_is_found_by_its_name_within_the_storage()
    {
        var vmid = await sim.CloneAsync(220, "local-named");
        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("storage", "local"), ("compress", "zstd")));
        var volid = (await Client.Nodes["pve1"].Storage["local"].ContentAsync("backup", vmid)).GetDataOrThrow().Single().VolId;

        var (code, reason, info) = await CallAsync(HttpMethod.Get, $"nodes/pve1/storage/local/content/{Uri.EscapeDataString(volid["local:".Length..])}");

        Assert.True(code == 200, reason);
        Assert.Equal(0, info.GetProperty("data").GetProperty("protected").GetInt32());
        Assert.Equal("tar.zst", info.GetProperty("data").GetProperty("format").GetString());
        Assert.Equal("/var/lib/vz/dump/" + volid["local:backup/".Length..], info.GetProperty("data").GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_failing_guest_ends_the_job_with_job_errors_while_the_others_are_backed_up()
    {
        var failing = await sim.CloneAsync(220, "pbs-fails");
        var fine = await sim.CloneAsync(220, "pbs-fine");
        await sim.SetFaultsAsync(new { backupFailures = new[] { new { vmid = failing } } });

        var (status, log) = await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{failing},{fine}"), ("storage", "pbs")));
        var failingConfig = (await Client.Nodes["pve1"].Lxc[failing].Status.Current.GetAsync()).GetDataOrThrow();

        Assert.Equal("job errors", status.ExitStatus);
        Assert.Contains(log, l => l.StartsWith($"ERROR: Backup of VM {failing} failed - proxmox-backup-client failed", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"INFO: Finished Backup of VM {fine} ", StringComparison.Ordinal));
        Assert.Equal(["INFO: Backup job finished with errors", "TASK ERROR: job errors"], log[^2..]);
        Assert.Empty(await ListAsync("pve1", failing));
        Assert.Single(await ListAsync("pve1", fine));
        Assert.Null(failingConfig.Lock);
    }

    [Fact]
    public async Task A_locked_container_fails_its_backup_with_the_lock()
    {
        var vmid = await sim.CloneAsync(220, "pbs-locked");
        using (var locked = await sim.Control.PostAsJsonAsync("locks", new { vmid, @lock = "snapshot" }))
        {
            locked.EnsureSuccessStatusCode();
        }

        var (status, log) = await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("storage", "pbs")));

        Assert.Equal("job errors", status.ExitStatus);
        Assert.Contains($"ERROR: Backup of VM {vmid} failed - CT is locked (snapshot)", log);
        Assert.Empty(await ListAsync("pve1", vmid));
    }

    [Fact]
    public async Task A_restore_over_an_existing_container_brings_back_its_files_and_config_and_keeps_its_address()
    {
        var vmid = await sim.CloneAndStartAsync(200, "restore-me");
        var ct = Client.Nodes["pve1"].Lxc[vmid];
        var address = sim.Host.GetAgentAddress(vmid);
        await ConfigureAgentAsync(vmid, "restore-secret");
        await WriteFileAsync(vmid, "restore-secret", "motd=before backup");
        await sim.CompleteAsync(ct.Status.Stop.CreateAsync());
        await sim.CompleteAsync(ct.Snapshot.CreateAsync("pre-backup"));
        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("storage", "pbs")));
        var volid = Single(await ListAsync("pve1", vmid)).GetProperty("volid").GetString()!;
        await sim.CompleteAsync(ct.Status.Start.CreateAsync());
        await WriteFileAsync(vmid, "restore-secret", "motd=after backup");
        await sim.CompleteAsync(ct.Status.Stop.CreateAsync());
        (await ct.Config.SetAsync(new LxcConfigUpdate { Cores = 6, Hostname = "renamed" })).GetDataOrThrow();

        var (restore, log) = await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/lxc",
            ("vmid", $"{vmid}"), ("ostemplate", volid), ("restore", "1"), ("force", "1"), ("storage", "local-lvm")));
        var config = (await ct.Config.GetAsync()).GetDataOrThrow();
        var status = (await ct.Status.Current.GetAsync()).GetDataOrThrow();
        var snapshots = (await ct.Snapshot.GetAsync()).GetDataOrThrow();
        await sim.CompleteAsync(ct.Status.Start.CreateAsync());
        using var agent = sim.AgentClient(vmid, "restore-secret");
        var file = await agent.GetStringAsync("files/content?path=server.properties");

        Assert.Equal("OK", restore.ExitStatus);
        Assert.Equal("vzrestore", restore.Type);
        Assert.Equal($"{vmid}", restore.Id);
        Assert.Contains($"recovering backed-up configuration from '{volid}'", log);
        Assert.Contains($"restoring '{volid}' now..", log);
        Assert.Contains("merging backed-up and given configuration..", log);
        Assert.Equal(2, config.Cores);
        Assert.Equal("restore-me", config.Hostname);
        Assert.Equal("stopped", status.Status);
        Assert.Null(status.Lock);
        Assert.Equal(["current"], snapshots.Select(s => s.Name));
        Assert.Equal(address, sim.Host.GetAgentAddress(vmid));
        Assert.Equal("motd=before backup", file);
    }

    [Fact]
    public async Task A_restore_is_refused_before_it_starts_when_it_cannot_go_ahead()
    {
        var running = await sim.CloneAndStartAsync(220, "restore-running");
        var stopped = await sim.CloneAsync(220, "restore-stopped");
        var locked = await sim.CloneAsync(220, "restore-locked");
        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{stopped}"), ("storage", "pbs")));
        var volid = Single(await ListAsync("pve1", stopped)).GetProperty("volid").GetString()!;
        using (var response = await sim.Control.PostAsJsonAsync("locks", new { vmid = locked, @lock = "backup" }))
        {
            response.EnsureSuccessStatusCode();
        }

        var overRunning = await RestoreAsync(running, volid, force: true);
        var withoutForce = await RestoreAsync(stopped, volid, force: false);
        var overLocked = await RestoreAsync(locked, volid, force: true);
        var unparsable = await RestoreAsync(stopped, "pbs:backup/nothing", force: true);
        var notABackup = await RestoreAsync(stopped, "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", force: true);
        var noContainerStorage = await RestoreAsync(stopped, volid, force: true, storage: "local");
        var fromTemplate = await CallAsync(HttpMethod.Post, "nodes/pve1/lxc", ("vmid", "4321"), ("ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"));

        Assert.Equal((500, "can't overwrite running container"), (overRunning.Code, overRunning.Reason));
        Assert.Equal((500, $"CT {stopped} already exists on node 'pve1'"), (withoutForce.Code, withoutForce.Reason));
        Assert.Equal((500, $"unable to restore CT {locked} - CT is locked (backup)"), (overLocked.Code, overLocked.Reason));
        Assert.Equal((500, "unable to parse PBS volume name 'backup/nothing'"), (unparsable.Code, unparsable.Reason));
        Assert.Equal((500, "unable to use volume local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst - content type needs to be 'backup'"),
            (notABackup.Code, notABackup.Reason));
        Assert.Equal(400, noContainerStorage.Code);
        Assert.Equal("storage 'local' does not support container directories", noContainerStorage.Body.GetProperty("errors").GetProperty("storage").GetString());
        Assert.Equal(501, fromTemplate.Code);
        Assert.Equal("backup", (await Client.Nodes["pve1"].Lxc[locked].Status.Current.GetAsync()).GetDataOrThrow().Lock);
    }

    [Fact]
    public async Task A_restore_from_a_backup_the_server_does_not_have_fails_in_its_task_and_leaves_the_container_as_it_was()
    {
        var vmid = await sim.CloneAsync(220, "restore-missing");
        var volid = $"pbs:backup/ct/{vmid}/2001-01-01T00:00:00Z";

        var (code, _, body) = await CallAsync(HttpMethod.Post, "nodes/pve1/lxc",
            ("vmid", $"{vmid}"), ("ostemplate", volid), ("restore", "1"), ("force", "1"), ("storage", "local-lvm"));
        var (status, _) = await EndOfAsync(body.GetProperty("data").GetString()!);
        var after = (await Client.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync()).GetDataOrThrow();

        Assert.Equal(200, code);
        Assert.StartsWith($"unable to restore CT {vmid} - proxmox-backup-client failed: Error: unable to load blob", status.ExitStatus, StringComparison.Ordinal);
        Assert.Equal("restore-missing", after.Name);
        Assert.Null(after.Lock);
    }

    [Fact]
    public async Task A_restore_that_fails_after_the_old_disks_are_gone_removes_the_container_as_proxmox_does()
    {
        var vmid = await sim.CloneAsync(220, "restore-midway");
        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{vmid}"), ("storage", "pbs")));
        var volid = Single(await ListAsync("pve1", vmid)).GetProperty("volid").GetString()!;
        await sim.SetFaultsAsync(new { taskFailures = new[] { new { type = "vzrestore", exitStatus = $"unable to restore CT {vmid} - command 'tar' failed: exit code 2" } } });

        var (status, _) = await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/lxc",
            ("vmid", $"{vmid}"), ("ostemplate", volid), ("restore", "1"), ("force", "1"), ("storage", "local-lvm")));
        var after = await Client.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync();

        Assert.Equal($"unable to restore CT {vmid} - command 'tar' failed: exit code 2", status.ExitStatus);
        Assert.Equal(ProxmoxErrorKind.NotFound, after.Error!.Kind);
        Assert.Single(await ListAsync("pve1", vmid));
    }

    [Fact]
    public async Task A_restore_to_a_new_vmid_makes_a_stopped_container_with_its_own_address()
    {
        var source = await sim.CloneAsync(250, "restore-source");
        await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/vzdump", ("vmid", $"{source}"), ("storage", "pbs")));
        var volid = Single(await ListAsync("pve1", source)).GetProperty("volid").GetString()!;
        var copy = sim.NextVmid();

        var (status, _) = await EndOfAsync(await StartTaskAsync(HttpMethod.Post, "nodes/pve1/lxc",
            ("vmid", $"{copy}"), ("ostemplate", volid), ("restore", "1"), ("storage", "ceph-ct"), ("hostname", "restored-copy"), ("unique", "1")));
        var config = (await Client.Nodes["pve1"].Lxc[copy].Config.GetAsync()).GetDataOrThrow();
        var sourceConfig = (await Client.Nodes["pve1"].Lxc[source].Config.GetAsync()).GetDataOrThrow();

        Assert.Equal("OK", status.ExitStatus);
        Assert.Equal("restored-copy", config.Hostname);
        Assert.Equal($"ceph-ct:vm-{copy}-disk-0,size=16G", config.RootFs);
        Assert.NotEqual(sourceConfig.Networks[0], config.Networks[0]);
        Assert.NotNull(sim.Host.GetAgentAddress(copy));
        Assert.NotEqual(sim.Host.GetAgentAddress(source), sim.Host.GetAgentAddress(copy));
    }

    [Fact]
    public async Task Interfaces_of_a_stopped_container_are_null_and_a_running_one_lists_its_addresses_both_ways()
    {
        var vmid = await sim.CloneAsync(220, "ifaces");

        var (stoppedCode, _, stopped) = await CallAsync(HttpMethod.Get, $"nodes/pve1/lxc/{vmid}/interfaces");
        await sim.CompleteAsync(Client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync());
        var (_, _, running) = await CallAsync(HttpMethod.Get, $"nodes/pve1/lxc/{vmid}/interfaces");
        var typed = await Client.Nodes["pve1"].Lxc[vmid].Interfaces.GetAsync();

        Assert.Equal(200, stoppedCode);
        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("data").ValueKind);
        var eth0 = running.GetProperty("data").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "eth0");
        Assert.Equal(eth0.GetProperty("hwaddr").GetString(), eth0.GetProperty("hardware-address").GetString());
        var addresses = eth0.GetProperty("ip-addresses").EnumerateArray().ToList();
        Assert.Contains(addresses, a => a.GetProperty("ip-address").GetString() == sim.Host.GetAgentAddress(vmid)
            && a.GetProperty("ip-address-type").GetString() == "inet" && a.GetProperty("prefix").GetInt32() == 32);
        Assert.Contains(addresses, a => a.GetProperty("ip-address-type").GetString() == "inet6" && a.GetProperty("prefix").GetInt32() == 64);
        Assert.Equal(sim.Host.GetAgentAddress(vmid), typed.GetDataOrThrow().Single(i => i.Name == "eth0").IPv4Address);
    }

    [Fact]
    public async Task Clone_takes_a_fractional_bandwidth_limit_as_its_schema_allows()
    {
        var vmid = sim.NextVmid();

        var (code, reason, _) = await CallAsync(HttpMethod.Post, "nodes/pve1/lxc/220/clone", ("newid", $"{vmid}"), ("bwlimit", "1.5"));

        Assert.True(code == 200, reason);
    }

    private Task<(int Code, string? Reason, JsonElement Body)> RestoreAsync(int vmid, string volid, bool force, string storage = "local-lvm") =>
        CallAsync(HttpMethod.Post, "nodes/pve1/lxc",
            ("vmid", $"{vmid}"), ("ostemplate", volid), ("restore", "1"), ("force", force ? "1" : "0"), ("storage", storage));

    private async Task<(int Code, string? Reason, JsonElement Body)> CallAsync(HttpMethod method, string path, params (string Name, string Value)[] parameters)
    {
        using var request = new HttpRequestMessage(method, new Uri(sim.Host.ProxmoxApiUrl + "/" + path));
        if (parameters.Length > 0)
        {
            request.Content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        }

        using var response = await sim.Control.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, response.ReasonPhrase, body);
    }

    private async Task<string> StartTaskAsync(HttpMethod method, string path, params (string Name, string Value)[] parameters)
    {
        var (code, reason, body) = await CallAsync(method, path, parameters);
        Assert.True(code == 200, $"{method} {path}: {code} {reason}");
        return body.GetProperty("data").GetString()!;
    }

    /// <summary>Waits for the task to end, however it ends, and reads its status and log.</summary>
    private async Task<(ProxmoxTaskStatus Status, List<string> Log)> EndOfAsync(string upid)
    {
        var parsed = Upid.Parse(upid);
        await Client.WaitForTaskAsync(parsed, TimeSpan.FromSeconds(30));
        var task = Client.Nodes[parsed.Node].Tasks[parsed];
        var status = (await task.Status.GetAsync()).GetDataOrThrow();
        var log = (await task.LogAsync(limit: 500)).GetDataOrThrow().Select(l => l.T).ToList();
        return (status, log);
    }

    private async Task<List<JsonElement>> ListAsync(string node, int vmid)
    {
        var (code, reason, body) = await CallAsync(HttpMethod.Get, $"nodes/{node}/storage/pbs/content?content=backup&vmid={vmid}");
        Assert.True(code == 200, reason);
        return body.GetProperty("data").EnumerateArray().ToList();
    }

    private static JsonElement Single(List<JsonElement> items) => Assert.Single(items);

    private async Task ConfigureAgentAsync(int vmid, string bearer)
    {
        using var agent = sim.AgentClient(vmid, bearer);
        using var response = await agent.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" });
        response.EnsureSuccessStatusCode();
        await AgentTests.WaitForStateAsync(agent, "running");
    }

    private async Task WriteFileAsync(int vmid, string bearer, string content)
    {
        using var agent = sim.AgentClient(vmid, bearer);
        using var response = await agent.PutAsync("files/content?path=server.properties", new StringContent(content));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
