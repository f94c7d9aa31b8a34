using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

public sealed class ReconcilerTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task RunReconcilerAsync(bool resumeAll)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll, CancellationToken.None);
    }

    private async Task CloneByHandAsync(int vmid, string? tags)
    {
        var proxmox = factory.Services.GetRequiredService<ProxmoxClient>();
        var clone = await proxmox.Nodes["pve1"].Lxc[220].CloneAsync(new LxcCloneRequest(vmid) { Hostname = $"hand-{vmid}", Full = true });
        Assert.True(clone.IsSuccess, clone.ToString());
        Assert.True((await proxmox.WaitForTaskAsync(clone.Data!, TimeSpan.FromSeconds(30))).IsSuccess);
        if (tags is not null)
        {
            Assert.True((await proxmox.Nodes["pve1"].Lxc[vmid].Config.SetAsync(new LxcConfigUpdate { Tags = tags })).IsSuccess);
        }
    }

    [Fact]
    public async Task A_server_whose_job_was_lost_is_resumed_to_running()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        int id;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // What a crash leaves behind: a server in Provisioning with no job in the (in-memory) queue.
            var server = new HostedServer
            {
                OwnerId = ownerId, Name = "Lost Job", Kind = ZlhPortal.Web.Features.Catalog.ServerKind.Game, PlanId = 1, TemplateId = 5,
                Status = ServerStatus.Provisioning, Operation = ServerOperation.Provision,
                AgentCredentialProtected = factory.Services.GetRequiredService<AgentCredentials>().NewProtected(),
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Hostname = "lost-job.servers.zerolaghub.local",
                Steps = ProvisionServerJob.Steps.Select(step => new ServerStep { Step = step }).ToList(),
            };
            db.Servers.Add(server);
            await db.SaveChangesAsync();
            id = server.Id;
        }

        await RunReconcilerAsync(resumeAll: true);

        var resumed = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);
        Assert.Equal(ServerStatus.Running, resumed.Status);
    }

    [Fact]
    public async Task Tagged_containers_nobody_owns_are_reported_and_untagged_ones_left_alone()
    {
        await CloneByHandAsync(1090, "zlh;zlh-portal;game");
        await CloneByHandAsync(1091, "someone-else");

        await RunReconcilerAsync(resumeAll: false);

        var findings = factory.Services.GetRequiredService<ReconcilerFindings>().Current;
        Assert.Contains(findings, f => f.Kind == FindingKind.Orphan && f.Vmid == 1090);
        Assert.DoesNotContain(findings, f => f.Vmid == 1091);
    }

    [Fact]
    public async Task A_server_whose_container_vanished_is_reported()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Vanishing"), ServerStatus.Running);
        var proxmox = factory.Services.GetRequiredService<ProxmoxClient>();
        var destroy = await proxmox.Nodes[server.Node!].Lxc[server.Vmid!.Value].DeleteAsync(new LxcDeleteOptions { Force = true, Purge = true });
        Assert.True((await proxmox.WaitForTaskAsync(destroy.Data!, TimeSpan.FromSeconds(30))).IsSuccess);

        await RunReconcilerAsync(resumeAll: false);

        var finding = Assert.Single(factory.Services.GetRequiredService<ReconcilerFindings>().Current, f => f.ServerId == server.Id);
        Assert.Equal(FindingKind.MissingContainer, finding.Kind);
    }
}
