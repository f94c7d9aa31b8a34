using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Two simulators given the same agent block collide visibly instead of sharing agents.</summary>
public sealed class AgentAddressTests
{
    [Fact]
    public async Task A_start_whose_agent_address_is_taken_fails_and_leaves_the_container_stopped()
    {
        var options = SimulatorFixture.TestOptions();
        await using var first = await SimulatorHost.StartAsync(options);
        var sameBlock = SimulatorFixture.TestOptions();
        sameBlock.AgentAddressBlock = options.AgentAddressBlock;
        await using var second = await SimulatorHost.StartAsync(sameBlock);
        var a = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(first));
        var b = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(second));

        await Complete(a, a.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(1000)));
        await Complete(a, a.Nodes["pve1"].Lxc[1000].Status.Start.CreateAsync());
        await Complete(b, b.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(1000)));
        var start = await b.WaitForTaskAsync((await b.Nodes["pve1"].Lxc[1000].Status.Start.CreateAsync()).GetDataOrThrow(), TimeSpan.FromSeconds(10));
        var status = (await b.Nodes["pve1"].Lxc[1000].Status.Current.GetAsync()).GetDataOrThrow();

        Assert.Equal(first.GetAgentAddress(1000), second.GetAgentAddress(1000));
        Assert.Equal(ProxmoxErrorKind.TaskFailed, start.Error!.Kind);
        Assert.Contains("address", start.Error.ExitStatus, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("stopped", status.Status);
    }

    private static async Task Complete(ProxmoxClient client, Task<ProxmoxResult<Upid>> start)
    {
        var done = await client.WaitForTaskAsync((await start).GetDataOrThrow(), TimeSpan.FromSeconds(10));
        Assert.True(done.IsSuccess, done.ToString());
    }
}
