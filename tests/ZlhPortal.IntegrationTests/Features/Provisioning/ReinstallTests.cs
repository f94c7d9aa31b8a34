using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>Reinstall against the simulator: snapshot first, same container, settings delivered again.</summary>
public sealed class ReinstallTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static IEnumerable<JsonElement> Tasks(JsonElement inventory, int vmid) =>
        inventory.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("id").GetString() == vmid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Reinstall_snapshots_the_container_and_installs_again_keeping_vmid_address_and_dns()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var before = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Fresh Start"), ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().ReinstallAsync(before.Id, ownerId);
        Assert.True(result.Accepted, result.Message);
        var after = await Servers.WaitForAsync(factory, before.Id, ServerStatus.Running, ServerStatus.Stopped);

        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.Equal((before.Vmid, before.Node, before.IpAddress, before.Hostname), (after.Vmid, after.Node, after.IpAddress, after.Hostname));
        Assert.All(after.Steps.Where(s => ServerSteps.Reinstall.Contains(s.Step)), s => Assert.Equal(StepState.Succeeded, s.State));
        var snapshots = await factory.Services.GetRequiredService<ProxmoxClient>().Nodes[after.Node!].Lxc[after.Vmid!.Value].Snapshot.GetAsync();
        Assert.Single(snapshots.Data!, s => s.Name.StartsWith("reinstall-", StringComparison.Ordinal));
        var inventory = await Servers.InventoryAsync(factory);
        var tasks = Tasks(inventory, after.Vmid.Value).Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Contains("vzsnapshot", tasks);
        Assert.DoesNotContain("vzdestroy", tasks);
        Assert.Equal(2, (await Servers.AgentRequestsAsync(factory, after.Vmid.Value)).Count(r => r == "POST /config"));
        Assert.Contains(inventory.GetProperty("dns").EnumerateArray(), r => r.GetProperty("type").GetString() == "A"
            && r.GetProperty("name").GetString()!.EndsWith(after.Hostname!) && r.GetProperty("ipAddress").GetString() == after.IpAddress);
        var container = inventory.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("vmid").GetInt32() == after.Vmid);
        Assert.Equal("running", container.GetProperty("agent").GetProperty("state").GetString());
        var lines = (await factory.Services.GetRequiredService<ServerHistory>().ListAsync(before.Id, ownerId, HistoryKind.Reinstall))!;
        Assert.Equal(["Reinstall requested; a snapshot is taken first.", "Reinstalled and running."], lines.Select(l => l.Text).Reverse());
    }

    [Fact]
    public async Task Reinstall_is_refused_while_another_operation_runs_and_for_servers_that_are_not_yours()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var stranger = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Busy One"), ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.Equal(ServerRequestOutcome.NotFound, (await lifecycle.ReinstallAsync(server.Id, stranger)).Outcome);
        Assert.True((await lifecycle.PowerAsync(server.Id, ownerId, PowerAction.Restart)).Accepted);
        var meanwhile = await lifecycle.ReinstallAsync(server.Id, ownerId);
        Assert.Equal(ServerRequestOutcome.Conflict, meanwhile.Outcome);
        Assert.Contains("in progress", meanwhile.Message);

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        Assert.True((await lifecycle.ReinstallAsync(server.Id, ownerId)).Accepted);
        Assert.Equal(ServerRequestOutcome.Conflict, (await lifecycle.PowerAsync(server.Id, ownerId, PowerAction.Stop)).Outcome);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
    }

    [Fact]
    public async Task The_api_answers_202_for_an_own_server_and_404_for_unknown_or_foreign_ones()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var other = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Via Api"), ServerStatus.Running);
        using var client = await ClientForAsync(owner);
        using var stranger = await ClientForAsync(other);

        var foreign = await stranger.PostAsync($"/api/v1/servers/{server.Id}/reinstall", null);
        var unknown = await client.PostAsync("/api/v1/servers/999999/reinstall", null);
        var accepted = await client.PostAsync($"/api/v1/servers/{server.Id}/reinstall", null);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Via Api", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("Reinstall", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("operation").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/servers/{server.Id}/reinstall", null)).StatusCode);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
    }

    [Fact]
    public async Task A_snapshot_that_cannot_be_taken_stops_the_reinstall_before_anything_changes()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "No Snapshots"), ServerStatus.Running);
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults",
            new { taskFailures = new[] { new { type = "vzsnapshot", exitStatus = "snapshot feature is not available", count = 1 } } });
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().ReinstallAsync(server.Id, ownerId)).Accepted);
        var after = await Eventually.UntilAsync(() => Servers.GetAsync(factory, server.Id), s => s.Operation == ServerOperation.None
            && s.Steps.Any(x => x.Step == ProvisioningStep.Snapshot && x.State == StepState.Failed), what: "the reinstall given up");
        await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");

        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.Contains("nothing was changed", after.Steps.Single(s => s.Step == ProvisioningStep.Snapshot).Message);
        Assert.Equal(1, (await Servers.AgentRequestsAsync(factory, server.Vmid!.Value)).Count(r => r == "POST /config"));
        Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Restart)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
    }

    [Fact]
    public async Task A_reinstall_whose_job_was_lost_is_finished_by_the_reconciler()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Interrupted"), ServerStatus.Running);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // What a crash right after the request leaves behind: the operation claimed, the steps reset, no job queued.
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Operation, ServerOperation.Reinstall).SetProperty(s => s.OperationStartedAt, DateTimeOffset.UtcNow));
            var reinstallSteps = ServerSteps.Reinstall.ToList();
            await db.ServerSteps.Where(s => s.ServerId == server.Id && reinstallSteps.Contains(s.Step))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, StepState.Pending));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll: true, CancellationToken.None);
        }

        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.Contains(after.Steps, s => s.Step == ProvisioningStep.Snapshot && s.State == StepState.Succeeded);
        Assert.Equal(2, (await Servers.AgentRequestsAsync(factory, server.Vmid!.Value)).Count(r => r == "POST /config"));
    }

    private Task<HttpClient> ClientForAsync(string email) => AccountJourney.ApiClientAsync(factory, email);
}
