using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Stopping a task the way an admin does in the Proxmox UI (<c>DELETE /nodes/{node}/tasks/{upid}</c>).</summary>
public sealed class ProxmoxTaskStopTests(StuckCloneSimulatorFixture sim) : IClassFixture<StuckCloneSimulatorFixture>
{
    [Fact]
    public async Task Stopping_a_running_clone_task_fails_it_and_rolls_it_back()
    {
        var vmid = sim.NextVmid();
        var started = (await sim.Client.Nodes["pve1"].Lxc[220].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "stopped-early" })).GetDataOrThrow();

        var active = (await sim.Client.Nodes["pve1"].Tasks.GetAsync(vmid: 220, typeFilter: "vzclone", source: "active")).GetDataOrThrow();
        var stop = await sim.Client.Nodes["pve1"].Tasks[started].StopAsync();
        var result = await sim.Client.WaitForTaskAsync(started, TimeSpan.FromSeconds(10));
        var archived = (await sim.Client.Nodes["pve1"].Tasks.GetAsync(vmid: 220, typeFilter: "vzclone")).GetDataOrThrow();

        Assert.Equal(started.Value, Assert.Single(active).Upid);
        Assert.True(active[0].IsRunning, active[0].Status);
        Assert.Equal("interrupted by signal", Assert.Single(archived, t => t.Upid == started.Value).Status);
        Assert.True(stop.IsSuccess, stop.ToString());
        Assert.Equal("interrupted by signal", result.Error!.ExitStatus);
        Assert.Null((await sim.Client.Nodes["pve1"].Lxc[220].Status.Current.GetAsync()).GetDataOrThrow().Lock);
        Assert.Equal(ProxmoxErrorKind.NotFound, (await sim.Client.Nodes["pve1"].Lxc[vmid].Status.Current.GetAsync()).Error!.Kind);
    }
}
