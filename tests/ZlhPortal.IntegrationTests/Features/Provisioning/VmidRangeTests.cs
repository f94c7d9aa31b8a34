using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>A small game range (2000–2001) to see hand-made containers skipped and an exhausted range fail cleanly.</summary>
public sealed class VmidRangeTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Provisioning:GameVmidFirst", "2000")
        .WithSetting("Provisioning:GameVmidLast", "2001");

    [Fact]
    public async Task A_container_made_by_hand_in_the_range_is_skipped_and_a_full_range_fails_without_charge()
    {
        var proxmox = factory.Services.GetRequiredService<ProxmoxClient>();
        var clone = await proxmox.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(2000) { Hostname = "made-by-hand", Full = true });
        Assert.True(clone.IsSuccess, clone.ToString());
        Assert.True((await proxmox.WaitForTaskAsync(clone.Data!, TimeSpan.FromSeconds(30))).IsSuccess);
        var owner = await AccountJourney.CreateAsync(factory, "Customer");

        var first = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Fits"), ServerStatus.Running, ServerStatus.Failed);
        var second = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Too Many"), ServerStatus.Running, ServerStatus.Failed);

        Assert.Equal(ServerStatus.Running, first.Status);
        Assert.Equal(2001, first.Vmid);
        Assert.Equal(ServerStatus.Failed, second.Status);
        Assert.Contains("No free server slot", second.FailureReason);
        Assert.Contains("not been charged", second.FailureReason);
        Assert.Null(second.Vmid);
        var handMade = (await Servers.InventoryAsync(factory)).GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("vmid").GetInt32() == 2000);
        Assert.Equal("made-by-hand", handMade.GetProperty("name").GetString());
    }

    public void Dispose() => factory.Dispose();
}
