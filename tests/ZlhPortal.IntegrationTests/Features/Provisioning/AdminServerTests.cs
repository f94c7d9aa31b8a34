using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>What admins do to servers: force delete, and the filtered list.</summary>
public sealed class AdminServerTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static IEnumerable<JsonElement> Containers(JsonElement inventory) => inventory.GetProperty("containers").EnumerateArray();

    private async Task SetOperationAsync(int serverId, ServerOperation operation)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Servers.Where(s => s.Id == serverId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Operation, operation));
    }

    [Fact]
    public async Task Force_delete_removes_a_server_whose_operation_never_ends_where_a_normal_delete_is_refused()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Stuck"), ServerStatus.Running);
        await SetOperationAsync(server.Id, ServerOperation.Start);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        var normal = await lifecycle.DeleteAsync(server.Id, ownerId);
        var forced = await lifecycle.ForceDeleteAsync(server.Id);

        Assert.Equal(ServerRequestOutcome.Conflict, normal.Outcome);
        Assert.True(forced.Accepted, forced.Message);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Deleted);
        var inventory = await Servers.InventoryAsync(factory);
        Assert.DoesNotContain(Containers(inventory), c => c.GetProperty("vmid").GetInt32() == server.Vmid);
        Assert.DoesNotContain(inventory.GetProperty("dns").EnumerateArray(), r => r.GetProperty("name").GetString()!.EndsWith(server.Hostname!));
        Assert.Equal(ServerRequestOutcome.NotFound, (await lifecycle.ForceDeleteAsync(server.Id)).Outcome);
    }

    [Fact]
    public async Task Force_delete_stops_a_setup_in_progress_and_leaves_no_container()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        // The template is busy elsewhere, so the setup waits at its clone step.
        await Servers.ControlAsync(factory, HttpMethod.Post, "locks", new { vmid = 200, @lock = "disk" });
        var id = await Servers.CreateAsync(factory, owner, name: "Half Made");
        var waiting = await Eventually.UntilAsync(() => Servers.GetAsync(factory, id),
            s => s.Steps.Single(x => x.Step == ProvisioningStep.Clone).Message?.Contains("Waiting for the platform") == true, what: "the clone waiting");
        await using var scope = factory.Services.CreateAsyncScope();

        var forced = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().ForceDeleteAsync(id);
        await Servers.ControlAsync(factory, HttpMethod.Post, "locks", new { vmid = 200, @lock = (string?)null });

        Assert.Equal(ServerStatus.Provisioning, waiting.Status);
        Assert.True(forced.Accepted, forced.Message);
        var deleted = await Servers.WaitForAsync(factory, id, ServerStatus.Deleted);
        await using (var reconcile = factory.Services.CreateAsyncScope())
        {
            await reconcile.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll: false, CancellationToken.None);
        }

        Assert.DoesNotContain(Containers(await Servers.InventoryAsync(factory)), c => c.GetProperty("vmid").GetInt32() == deleted.Vmid);
        Assert.DoesNotContain((await factory.Services.GetRequiredService<ReconcilerFindings>().CurrentAsync()), f => f.Vmid == deleted.Vmid);
    }

    [Fact]
    public async Task The_admin_list_filters_by_owner_status_and_node_and_refuses_an_unknown_status()
    {
        var alice = await AccountJourney.CreateAsync(factory, "Customer");
        var bob = await AccountJourney.CreateAsync(factory, "Customer");
        var alices = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, alice, name: "Alice's"), ServerStatus.Running);
        var bobs = await Servers.CreateAsync(factory, bob, name: "Bob's");
        using var admin = await AdminClientAsync();

        var byOwner = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/servers?owner={Uri.EscapeDataString(alice)}");
        var byStatus = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/servers?status=running&pageSize=200");
        var byNode = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/servers?node={alices.Node}&pageSize=200");
        var noNode = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/servers?node=nowhere");
        var bogus = await admin.GetAsync("/api/v1/admin/servers?status=Bogus");
        var silly = await admin.GetAsync("/api/v1/admin/servers?page=2147483647&pageSize=-5");

        static IEnumerable<int> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("server").GetProperty("id").GetInt32());
        Assert.Equal([alices.Id], Ids(byOwner));
        Assert.Contains(alices.Id, Ids(byStatus));
        Assert.All(byStatus.GetProperty("items").EnumerateArray(), i => Assert.Equal("Running", i.GetProperty("server").GetProperty("status").GetString()));
        Assert.Contains(alices.Id, Ids(byNode));
        Assert.Equal(0, noNode.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
        Assert.Equal(HttpStatusCode.OK, silly.StatusCode);
        await Servers.WaitForAsync(factory, bobs, ServerStatus.Running);
    }

    private async Task<HttpClient> AdminClientAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return await AccountJourney.ApiClientAsync(factory, email);
    }
}
