using System.Net.Http.Json;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Authentication failures and injected faults, seen through the client's typed outcomes.</summary>
public sealed class ProxmoxFaultTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => sim.ClearFaultsAsync();

    [Fact]
    public async Task Rejects_a_wrong_token_and_a_missing_one_with_401()
    {
        var wrong = SimulatorFixture.ClientOptionsFor(sim.Host);
        wrong.TokenSecret = "11111111-1111-1111-1111-111111111111";
        var none = SimulatorFixture.ClientOptionsFor(sim.Host);
        none.TokenId = null;

        var wrongResult = await SimulatorFixture.CreateClient(wrong).Version.GetAsync();
        var noneResult = await SimulatorFixture.CreateClient(none).Version.GetAsync();

        Assert.Equal(401, wrongResult.StatusCode);
        Assert.Equal("Authentication failed!", wrongResult.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.Unauthorized, wrongResult.Error!.Kind);
        Assert.Equal(401, noneResult.StatusCode);
        Assert.Equal("No ticket", noneResult.ReasonPhrase);
    }

    [Fact]
    public async Task A_node_that_refuses_connections_answers_595_and_shows_offline()
    {
        var vmid = sim.NextVmid();
        await sim.CompleteAsync(sim.Client.Nodes["pve1"].Lxc[253].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "on-pve2", Target = "pve2" }));
        await sim.SetFaultsAsync(new { offlineNodes = new Dictionary<string, string> { ["pve2"] = "refused" } });

        var status = await sim.Client.Nodes["pve2"].Status.GetAsync();
        var nodes = (await sim.Client.Nodes.GetAsync()).GetDataOrThrow();
        var resources = (await sim.Client.Cluster.ResourcesAsync()).GetDataOrThrow();
        var otherNode = await sim.Client.Nodes["pve1"].Status.GetAsync();

        Assert.Equal(595, status.StatusCode);
        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, status.Error!.Kind);
        Assert.Equal("offline", nodes.Single(n => n.Node == "pve2").Status);
        Assert.Equal("unknown", resources.Single(r => r.Vmid == vmid).Status);
        Assert.True(otherNode.IsSuccess);
    }

    [Fact]
    public async Task A_node_that_times_out_answers_596()
    {
        await sim.SetFaultsAsync(new { offlineNodes = new Dictionary<string, string> { ["pve1"] = "timeout" } });

        var result = await sim.Client.Nodes["pve1"].Lxc.GetAsync();

        Assert.Equal(596, result.StatusCode);
        Assert.Equal("Connection timed out", result.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, result.Error!.Kind);
    }

    [Fact]
    public async Task A_host_that_drops_connections_is_unreachable()
    {
        await sim.SetFaultsAsync(new { apiDown = true });

        var result = await sim.Client.Version.GetAsync();

        Assert.Equal(0, result.StatusCode);
        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, result.Error!.Kind);
    }

    [Fact]
    public async Task A_start_task_can_fail_after_the_post_succeeded()
    {
        var vmid = await sim.CloneAsync(200, "start-fails");
        await sim.SetFaultsAsync(new { taskFailures = new[] { new { type = "vzstart", exitStatus = $"startup for container '{vmid}' failed", count = 1 } } });

        var started = await sim.Client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync();
        var result = await sim.Client.WaitForTaskAsync(started.GetDataOrThrow(), TimeSpan.FromSeconds(10));
        var status = (await sim.Client.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync()).GetDataOrThrow();

        Assert.Equal(ProxmoxErrorKind.TaskFailed, result.Error!.Kind);
        Assert.Equal($"startup for container '{vmid}' failed", result.Error.ExitStatus);
        Assert.Equal("stopped", status.Status);
    }

    [Fact]
    public async Task A_lock_held_by_someone_else_fails_the_start_task_and_the_config_change()
    {
        var vmid = await sim.CloneAsync(201, "locked");
        using var response = await sim.Control.PostAsJsonAsync("locks", new { vmid, @lock = "backup" });
        response.EnsureSuccessStatusCode();

        var config = await sim.Client.Nodes["pve1"].Lxc[vmid].Config.SetAsync(new LxcConfigUpdate { Cores = 2 });
        var started = await sim.Client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync();
        var result = await sim.Client.WaitForTaskAsync(started.GetDataOrThrow(), TimeSpan.FromSeconds(10));

        Assert.Equal(ProxmoxErrorKind.Locked, config.Error!.Kind);
        Assert.Equal("backup", config.Error.LockName);
        Assert.Equal("CT is locked (backup)", result.Error!.ExitStatus);
    }

    [Fact]
    public async Task A_dropped_answer_leaves_the_call_carried_out_and_the_caller_without_its_task()
    {
        var vmid = sim.NextVmid();
        var spare = sim.NextVmid();
        // The connection is in the pool already, as in a portal: HttpClient must not quietly send the call again on a fresh one.
        Assert.True((await sim.Client.Version.GetAsync()).IsSuccess);
        await sim.SetFaultsAsync(new
        {
            dropResponses = new[] { new { type = "vzclone", count = 1 }, new { type = "vzstart", count = 1 }, new { type = "vzdestroy", count = 1 } },
        });
        var lxc = sim.Client.Nodes["pve1"].Lxc[vmid];

        var cloned = await sim.Client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "answer-lost" });
        var afterClone = await lxc.Config.GetAsync();
        var started = await lxc.Status.Start.CreateAsync();
        var afterStart = await lxc.Status.Current.GetAsync();
        var deleted = await lxc.DeleteAsync(new LxcDeleteOptions { Force = true, Purge = true });
        var afterDelete = await lxc.Status.Current.GetAsync();
        var tasks = (await sim.Client.Nodes["pve1"].Tasks.GetAsync(vmid: vmid, source: "all")).GetDataOrThrow();
        var nextClone = await sim.Client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(spare) { Hostname = "answered" });

        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, cloned.Error!.Kind);
        Assert.Equal(0, cloned.StatusCode);
        Assert.Equal("answer-lost", afterClone.GetDataOrThrow().Hostname);
        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, started.Error!.Kind);
        Assert.Equal("running", afterStart.GetDataOrThrow().Status);
        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, deleted.Error!.Kind);
        Assert.Equal(ProxmoxErrorKind.NotFound, afterDelete.Error!.Kind);
        Assert.Equal(["vzdestroy", "vzstart"], tasks.Select(t => t.Type).Order());
        Assert.All(tasks, t => Assert.Equal("OK", t.Status));
        Assert.True(nextClone.IsSuccess, nextClone.ToString());
    }

    [Fact]
    public async Task An_injected_error_rate_fails_matching_calls_only()
    {
        await sim.SetFaultsAsync(new { errorRates = new[] { new { pathContains = "/status/current", method = "GET", rate = 1.0, status = 596, reason = "Connection timed out" } } });

        var failing = await sim.Client.Nodes["pve1"].Lxc[200].Status.Current.GetAsync();
        var fine = await sim.Client.Nodes["pve1"].Lxc[200].Config.GetAsync();

        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, failing.Error!.Kind);
        Assert.True(fine.IsSuccess);
    }
}
