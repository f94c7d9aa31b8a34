using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Coordination;
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

    /// <summary>What a crash or a lost job leaves behind: a server with unfinished work and no job in the queue.</summary>
    private async Task<int> LeftBehindAsync(string name, ServerStatus status, ServerOperation operation, DateTimeOffset updatedAt, bool desiredRunning = true)
    {
        var ownerId = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var server = new HostedServer
        {
            OwnerId = ownerId, Name = name, Kind = ZlhPortal.Web.Features.Catalog.ServerKind.Game, PlanId = 1, TemplateId = 5,
            Status = status, Operation = operation, OperationStartedAt = updatedAt, DesiredRunning = desiredRunning,
            AgentCredentialProtected = factory.Services.GetRequiredService<AgentCredentials>().NewProtected(),
            CreatedAt = updatedAt, UpdatedAt = updatedAt, Hostname = $"{name.ToLowerInvariant().Replace(' ', '-')}.servers.zerolaghub.local",
            Steps = ServerSteps.Setup.Select(step => new ServerStep { Step = step }).ToList(),
        };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return server.Id;
    }

    [Fact]
    public async Task A_server_whose_job_was_lost_is_resumed_to_running()
    {
        var id = await LeftBehindAsync("Lost Job", ServerStatus.Provisioning, ServerOperation.Provision, DateTimeOffset.UtcNow);

        await RunReconcilerAsync(resumeAll: true);

        var resumed = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);
        Assert.Equal(ServerStatus.Running, resumed.Status);
    }

    [Fact]
    public async Task Work_whose_lease_is_held_is_left_alone_however_old_and_freed_once_nobody_holds_it()
    {
        // A stop that never reported back, a day ago (it had stopped the server); but some instance holds the server's
        // lease, so it is being worked on.
        var id = await LeftBehindAsync("Held Stop", ServerStatus.Stopped, ServerOperation.Stop, DateTimeOffset.UtcNow.AddDays(-1), desiredRunning: false);
        var held = await factory.Services.GetRequiredService<Leases>().TryAcquireAsync(ServerLocks.Prefix + id, CancellationToken.None);
        Assert.NotNull(held);

        await RunReconcilerAsync(resumeAll: true);
        await RunReconcilerAsync(resumeAll: false);
        Assert.Equal(ServerOperation.Stop, (await Servers.GetAsync(factory, id)).Operation);

        await held!.DisposeAsync();
        await RunReconcilerAsync(resumeAll: false);
        Assert.Equal(ServerOperation.None, (await Servers.GetAsync(factory, id)).Operation);
    }

    [Fact]
    public async Task Work_whose_holder_died_is_taken_over_at_once_without_waiting_to_look_stuck()
    {
        // Progress a moment ago, then the instance doing it died: its lease ran out without being given back.
        var id = await LeftBehindAsync("Orphaned Setup", ServerStatus.Provisioning, ServerOperation.Provision, DateTimeOffset.UtcNow);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.Leases.Add(new Lease
            {
                Key = ServerLocks.Prefix + id, Owner = "pve-portal-b/4242/dead", AcquiredAt = DateTimeOffset.UtcNow.AddMinutes(-2), ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            });
            await db.SaveChangesAsync();
        }

        await RunReconcilerAsync(resumeAll: false);

        var resumed = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);
        Assert.Equal(ServerStatus.Running, resumed.Status);
    }

    [Fact]
    public async Task Tagged_containers_nobody_owns_are_reported_and_untagged_ones_left_alone()
    {
        await CloneByHandAsync(1090, "zlh;zlh-portal;game");
        await CloneByHandAsync(1091, "someone-else");

        await RunReconcilerAsync(resumeAll: false);

        var findings = (await factory.Services.GetRequiredService<ReconcilerFindings>().CurrentAsync());
        Assert.Contains(findings, f => f.Kind == FindingKind.Orphan && f.Vmid == 1090);
        Assert.DoesNotContain(findings, f => f.Vmid == 1091);
        // Another instance on the same database shows the same report on its admin page.
        using var other = new PortalAppFactory().WithSetting("Database:ConnectionString", factory.DatabaseConnectionString);
        var (seen, lastRun) = await other.Services.GetRequiredService<ReconcilerFindings>().ReadAsync();
        Assert.Contains(seen, f => f.Kind == FindingKind.Orphan && f.Vmid == 1090 && f.Node == "pve1");
        Assert.NotNull(lastRun);
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

        var finding = Assert.Single((await factory.Services.GetRequiredService<ReconcilerFindings>().CurrentAsync()), f => f.ServerId == server.Id);
        Assert.Equal(FindingKind.MissingContainer, finding.Kind);
    }

    private async Task<IReadOnlyList<string>> ActivityAsync(string userId, AccountActivityKind kind)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AccountActivities.Where(a => a.UserId == userId && a.Kind == kind).Select(a => a.Detail).ToListAsync();
    }

    private async Task<bool> ContainerExistsAsync(int vmid) =>
        (await Servers.InventoryAsync(factory)).GetProperty("containers").EnumerateArray().Any(c => c.GetProperty("vmid").GetInt32() == vmid);

    [Fact]
    public async Task An_admin_adopts_a_tagged_container_as_a_new_server_for_a_customer()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        var customer = await AccountJourney.CreateAsync(factory, "Customer");
        await CloneByHandAsync(1092, "zlh;zlh-portal;game");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>()
            .AdoptAsync("pve1", 1092, new AdoptionTarget(null, customer, "game-small", "minecraft-paper", "Found Again"), admin);

        Assert.True(result.Done, result.Message);
        var server = await Servers.GetAsync(factory, result.ServerId!.Value);
        Assert.Equal((1092, "pve1", ServerStatus.Stopped, customer), (server.Vmid, server.Node, server.Status, server.OwnerEmail));
        var config = await factory.Services.GetRequiredService<ProxmoxClient>().Nodes["pve1"].Lxc[1092].Config.GetAsync();
        Assert.Equal(server.Id, ContainerFacts.ServerIdIn(config.Data!.Description));
        await RunReconcilerAsync(resumeAll: false);
        Assert.DoesNotContain((await factory.Services.GetRequiredService<ReconcilerFindings>().CurrentAsync()), f => f.Vmid == 1092);
        Assert.Contains(await ActivityAsync(admin, AccountActivityKind.ContainerAdoptedByStaff), d => d.Contains("1092"));
    }

    [Fact]
    public async Task A_server_whose_container_vanished_adopts_a_tagged_container_and_can_be_started()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Lost Home"), ServerStatus.Running);
        var proxmox = factory.Services.GetRequiredService<ProxmoxClient>();
        var destroy = await proxmox.Nodes[server.Node!].Lxc[server.Vmid!.Value].DeleteAsync(new LxcDeleteOptions { Force = true, Purge = true });
        Assert.True((await proxmox.WaitForTaskAsync(destroy.Data!, TimeSpan.FromSeconds(30))).IsSuccess);
        await CloneByHandAsync(1093, "zlh;zlh-portal;game");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>().AdoptAsync("pve1", 1093, new AdoptionTarget(server.Id), admin);

        Assert.True(result.Done, result.Message);
        Assert.Equal(1093, (await Servers.GetAsync(factory, server.Id)).Vmid);
        await RunReconcilerAsync(resumeAll: false);
        Assert.DoesNotContain((await factory.Services.GetRequiredService<ReconcilerFindings>().CurrentAsync()), f => f.Vmid == 1093 || f.ServerId == server.Id);
        var ownerId = await Servers.UserIdAsync(factory, owner);
        Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Start)).Accepted);
        Assert.Equal(ServerStatus.Running, (await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped)).Status);
    }

    [Fact]
    public async Task Untagged_containers_and_containers_of_live_servers_are_neither_adopted_nor_destroyed()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var live = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Still Mine"), ServerStatus.Running);
        await CloneByHandAsync(1094, "someone-else");
        await using var scope = factory.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>();

        var adopt = await decisions.AdoptAsync("pve1", 1094, new AdoptionTarget(null, owner, "game-small", "minecraft-paper", "Not Ours"), admin);
        var destroy = await decisions.DestroyAsync("pve1", 1094, admin);
        var destroyLive = await decisions.DestroyAsync(live.Node!, live.Vmid!.Value, admin);

        Assert.False(adopt.Done);
        Assert.Contains("tag", adopt.Message);
        Assert.False(destroy.Done);
        Assert.False(destroyLive.Done);
        Assert.Contains($"#{live.Id}", destroyLive.Message);
        Assert.True(await ContainerExistsAsync(1094));
        Assert.True(await ContainerExistsAsync(live.Vmid.Value));
    }

    [Fact]
    public async Task A_container_made_for_a_dev_server_is_not_adopted_as_a_game_server()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        var customer = await AccountJourney.CreateAsync(factory, "Customer");
        await CloneByHandAsync(1096, "zlh;zlh-portal;dev");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>()
            .AdoptAsync("pve1", 1096, new AdoptionTarget(null, customer, "game-small", "minecraft-paper", "Wrong Kind"), admin);

        Assert.False(result.Done);
        Assert.Contains("dev server", result.Message);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Servers.AnyAsync(s => s.Name == "Wrong Kind"));
    }

    [Fact]
    public async Task Destroying_a_tagged_orphan_removes_it_and_is_audited()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        await CloneByHandAsync(1095, "zlh;zlh-portal;game");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>().DestroyAsync("pve1", 1095, admin);

        Assert.True(result.Done, result.Message);
        Assert.False(await ContainerExistsAsync(1095));
        Assert.Contains(await ActivityAsync(admin, AccountActivityKind.ContainerDestroyedByStaff), d => d.Contains("1095"));
    }
}
