using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Provisioning.Nodes;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Nodes;

public sealed class ServerMigrationTests : IDisposable
{
    private const string Staff = "ops@example.test";

    private readonly PortalAppFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_stopped_server_moves_to_the_other_node_records_it_and_starts_there()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await StoppedServerAsync(owner);
        Assert.Equal("pve2", server.Node);

        var move = await MigrateAsync(server.Id, "pve1");
        var moved = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Stopped);

        Assert.True(move.Accepted, move.Message);
        Assert.Equal("pve1", moved.Node);
        var proxmox = await ProxmoxAsync();
        Assert.True((await proxmox.Nodes["pve1"].Lxc[server.Vmid!.Value].Status.Current.GetAsync()).IsSuccess);
        Assert.Equal(ProxmoxErrorKind.NotFound, (await proxmox.Nodes["pve2"].Lxc[server.Vmid.Value].Status.Current.GetAsync()).Error!.Kind);
        var lines = await WithDbAsync(db => db.ServerHistory.Where(e => e.ServerId == server.Id && e.Kind == HistoryKind.Move).Select(e => e.Text).ToListAsync());
        Assert.Contains($"Moved from node pve2 to node pve1 by {Staff}.", lines);
        Assert.Contains((await ListAsync()).Single(n => n.Name == "pve1").Servers, s => s.Id == server.Id);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, null, PowerAction.Start)).Accepted);
        }

        var started = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        Assert.Equal("pve1", started.Node);
        Assert.Equal("running", (await proxmox.Nodes["pve1"].Lxc[server.Vmid.Value].Status.Current.GetAsync()).GetDataOrThrow().Status);
    }

    [Fact]
    public async Task A_move_is_refused_for_a_running_server_the_same_node_an_unknown_node_and_a_draining_node()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var running = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Running"), ServerStatus.Running);
        var stopped = await StoppedServerAsync(owner);
        await factory.Services.GetRequiredService<RuntimeStatusMonitor>().RefreshAsync(CancellationToken.None);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var drained = await scope.ServiceProvider.GetRequiredService<NodeMaintenance>().SetDrainingAsync("pve1", true, "Firmware", Staff);
            Assert.True(drained.Accepted, drained.Message);
        }

        var whileRunning = await MigrateAsync(running.Id, "pve1");
        var sameNode = await MigrateAsync(stopped.Id, "pve2");
        var unknown = await MigrateAsync(stopped.Id, "pve7");
        var draining = await MigrateAsync(stopped.Id, "pve1");

        Assert.Equal(ServerRequestOutcome.Conflict, whileRunning.Outcome);
        Assert.Contains("Stop it first", whileRunning.Message, StringComparison.Ordinal);
        Assert.Equal(ServerRequestOutcome.Invalid, sameNode.Outcome);
        Assert.Contains("already on pve2", sameNode.Message, StringComparison.Ordinal);
        Assert.Equal(ServerRequestOutcome.Invalid, unknown.Outcome);
        Assert.Contains("not an online node", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(ServerRequestOutcome.Conflict, draining.Outcome);
        Assert.Contains("draining", draining.Message, StringComparison.Ordinal);
        Assert.Equal("pve2", (await Servers.GetAsync(factory, stopped.Id)).Node);
        Assert.Equal(ServerOperation.None, (await Servers.GetAsync(factory, stopped.Id)).Operation);
        Assert.Equal(0, await WithDbAsync(db => db.ServerMigrations.CountAsync()));
    }

    [Fact]
    public async Task The_simulated_cluster_refuses_to_move_a_running_container_offline_as_Proxmox_does()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var running = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Running"), ServerStatus.Running);
        var proxmox = await ProxmoxAsync();

        var refused = await proxmox.Nodes["pve2"].Lxc[running.Vmid!.Value].MigrateAsync("pve1");
        var local = await proxmox.Nodes["pve2"].Lxc[running.Vmid.Value].MigrateAsync("pve2");

        Assert.False(refused.IsSuccess);
        Assert.Contains("without --online or --restart", refused.Error!.Message, StringComparison.Ordinal);
        Assert.False(local.IsSuccess);
        Assert.Equal(ProxmoxErrorKind.InvalidParameter, local.Error!.Kind);
        Assert.True((await proxmox.Nodes["pve2"].Lxc[running.Vmid.Value].Status.Current.GetAsync()).IsSuccess);
    }

    [Fact]
    public async Task The_admin_api_moves_a_server_and_drains_a_node_and_refuses_bad_input_clearly()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var stopped = await StoppedServerAsync(owner);
        await factory.Services.GetRequiredService<RuntimeStatusMonitor>().RefreshAsync(CancellationToken.None);
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, admin);
        using var api = await AccountJourney.ApiClientAsync(factory, admin);

        var drain = await api.PutAsJsonAsync("/api/v1/admin/nodes/pve1", new { draining = true, reason = "Kernel update" });
        var noFlag = await api.PutAsJsonAsync("/api/v1/admin/nodes/pve1", new { reason = "?" });
        var unknownNode = await api.PutAsJsonAsync("/api/v1/admin/nodes/pve9", new { draining = true });
        var toDraining = await api.PostAsJsonAsync($"/api/v1/admin/servers/{stopped.Id}/migrate", new { target = "pve1" });
        var undrain = await api.PutAsJsonAsync("/api/v1/admin/nodes/pve1", new { draining = false });
        var noTarget = await api.PostAsJsonAsync($"/api/v1/admin/servers/{stopped.Id}/migrate", new { });
        var noServer = await api.PostAsJsonAsync("/api/v1/admin/servers/999999/migrate", new { target = "pve1" });
        var move = await api.PostAsJsonAsync($"/api/v1/admin/servers/{stopped.Id}/migrate", new { target = "pve1" });

        Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        Assert.True((await drain.Content.ReadFromJsonAsync<NodeResponse>())!.Draining);
        Assert.Equal(HttpStatusCode.BadRequest, noFlag.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownNode.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, toDraining.StatusCode);
        Assert.Contains("draining", await toDraining.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, undrain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noServer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, move.StatusCode);
        Assert.Equal("pve1", (await Servers.WaitForAsync(factory, stopped.Id, ServerStatus.Stopped)).Node);
        var lines = await WithDbAsync(db => db.ServerHistory.Where(e => e.ServerId == stopped.Id && e.Kind == HistoryKind.Move).Select(e => e.Text).ToListAsync());
        Assert.Contains($"Moved from node pve2 to node pve1 by {admin}.", lines);
    }

    private async Task<ServerView> StoppedServerAsync(string owner)
    {
        var id = await Servers.CreateAsync(factory, owner, name: "Mover");
        await Servers.WaitForAsync(factory, id, ServerStatus.Running);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(id, null, PowerAction.Stop)).Accepted);
        }

        return await Servers.WaitForAsync(factory, id, ServerStatus.Stopped);
    }

    private async Task<ServerRequestResult> MigrateAsync(int serverId, string target)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServerMoves>().MigrateAsync(serverId, target, Staff);
    }

    private async Task<IReadOnlyList<NodeView>> ListAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NodeMaintenance>().ListAsync();
    }

    private async Task<ProxmoxClient> ProxmoxAsync()
    {
        var simulator = await Servers.SimulatorAsync(factory);
        var options = ZlhPortal.IntegrationTests.Runtime.SimulatorFixture.ClientOptionsFor(simulator);
        return ZlhPortal.IntegrationTests.Runtime.SimulatorFixture.CreateClient(options);
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
