using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>The races real Proxmox users hit: parallel clones of one template, and nextid handing out the same id twice.</summary>
public sealed class ProxmoxConcurrencyTests(SlowCloneSimulatorFixture sim) : IClassFixture<SlowCloneSimulatorFixture>
{
    [Fact]
    public async Task A_second_clone_of_a_template_fails_with_the_disk_lock_until_the_first_finishes()
    {
        var template = sim.Client.Nodes["pve1"].Lxc[251];
        var first = await template.CloneAsync(new LxcCloneRequest(sim.NextVmid()) { Hostname = "py-1" });
        var whileCloning = (await template.Status.Current.GetAsync()).GetDataOrThrow();

        var second = await template.CloneAsync(new LxcCloneRequest(sim.NextVmid()) { Hostname = "py-2" });

        Assert.True(first.IsSuccess, first.ToString());
        Assert.Equal("disk", whileCloning.Lock);
        Assert.Equal(500, second.StatusCode);
        Assert.Equal("CT is locked (disk)", second.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.Locked, second.Error!.Kind);
        Assert.Equal("disk", second.Error.LockName);

        await sim.Client.WaitForTaskAsync(first.Data!, TimeSpan.FromSeconds(10));
        Assert.Null((await template.Status.Current.GetAsync()).GetDataOrThrow().Lock);
        await sim.CompleteAsync(template.CloneAsync(new LxcCloneRequest(sim.NextVmid()) { Hostname = "py-3" }));
    }

    [Fact]
    public async Task Two_callers_get_the_same_nextid_and_the_second_create_fails()
    {
        var first = (await sim.Client.Cluster.NextIdAsync()).GetDataOrThrow();
        var second = (await sim.Client.Cluster.NextIdAsync()).GetDataOrThrow();

        var winner = await sim.Client.Nodes["pve1"].Lxc[252].CloneAsync(new LxcCloneRequest(first) { Hostname = "dotnet-a" });
        var loser = await sim.Client.Nodes["pve1"].Lxc[253].CloneAsync(new LxcCloneRequest(second) { Hostname = "go-b" });
        var target = (await sim.Client.Nodes["pve1"].Lxc[first].Status.Current.GetAsync()).GetDataOrThrow();

        Assert.Equal(first, second);
        Assert.True(winner.IsSuccess);
        Assert.Equal($"CT {first} already exists on node 'pve1'", loser.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.AlreadyExists, loser.Error!.Kind);
        Assert.Equal("create", target.Lock);
        var done = await sim.Client.WaitForTaskAsync(winner.Data!, TimeSpan.FromSeconds(10));
        Assert.True(done.IsSuccess);
        Assert.Null((await sim.Client.Nodes["pve1"].Lxc[first].Status.Current.GetAsync()).GetDataOrThrow().Lock);
    }

    [Fact]
    public async Task A_failed_clone_releases_the_template_and_removes_the_half_made_container()
    {
        await sim.SetFaultsAsync(new { taskFailures = new[] { new { type = "vzclone", exitStatus = "rbd error: rbd: couldn't connect to the cluster!", count = 1 } } });
        try
        {
            var vmid = sim.NextVmid();
            var started = await sim.Client.Nodes["pve1"].Lxc[202].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "fails" });
            var result = await sim.Client.WaitForTaskAsync(started.GetDataOrThrow(), TimeSpan.FromSeconds(10));
            var log = (await sim.Client.Nodes["pve1"].Tasks[started.Data!].LogAsync()).GetDataOrThrow();

            Assert.Equal(ProxmoxErrorKind.TaskFailed, result.Error!.Kind);
            Assert.Equal("rbd error: rbd: couldn't connect to the cluster!", result.Error.ExitStatus);
            Assert.Equal("TASK ERROR: rbd error: rbd: couldn't connect to the cluster!", log[^1].T);
            Assert.Null((await sim.Client.Nodes["pve1"].Lxc[202].Status.Current.GetAsync()).GetDataOrThrow().Lock);
            Assert.Equal(ProxmoxErrorKind.NotFound, (await sim.Client.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync()).Error!.Kind);
        }
        finally
        {
            await sim.ClearFaultsAsync();
        }
    }
}
