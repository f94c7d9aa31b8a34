using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>
/// What was asked for is stored on the server; when the job that was to do it is lost (a restart of the embedded
/// queue, an instance that died between the request and the job), the reconciler does it anyway.
/// </summary>
public sealed class DesiredStateTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<ServerView> RunningServerAsync(string name)
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        return await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: name), ServerStatus.Running);
    }

    /// <summary>What a request leaves when the process dies right after it was accepted: the claim, and no job.</summary>
    private async Task LoseJobAfterAsync(int serverId, Action<HostedServer> request)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var server = await db.Servers.FirstAsync(s => s.Id == serverId);
        request(server);
        server.OperationStartedAt = server.Operation == ServerOperation.None ? null : DateTimeOffset.UtcNow;
        server.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
    }

    private async Task RestartReconcileAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll: true, CancellationToken.None);
    }

    private async Task<JsonElement> ContainerAsync(int vmid) =>
        (await Servers.InventoryAsync(factory)).GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("vmid").GetInt32() == vmid);

    [Fact]
    public async Task An_overdue_invoice_paid_just_before_a_restart_still_unsuspends_the_server()
    {
        var server = await RunningServerAsync("Paid Late");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().SuspendAsync(server.Id)).Accepted);
        }

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Suspended);
        Assert.Equal("stopped", (await ContainerAsync(server.Vmid!.Value)).GetProperty("status").GetString());
        // The payment lifted the suspension (the claim is saved), then the process died before the start job ran.
        await LoseJobAfterAsync(server.Id, s =>
        {
            s.Operation = ServerOperation.Unsuspend;
            s.DesiredSuspended = false;
            s.DesiredRunning = true;
        });

        await RestartReconcileAsync();

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        Assert.Equal("running", (await ContainerAsync(server.Vmid!.Value)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stop_whose_job_was_lost_is_done_by_the_reconciler()
    {
        var server = await RunningServerAsync("Stop Lost");
        await LoseJobAfterAsync(server.Id, s =>
        {
            s.Operation = ServerOperation.Stop;
            s.DesiredRunning = false;
        });

        await RestartReconcileAsync();

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Stopped);
        Assert.Equal("stopped", (await ContainerAsync(server.Vmid!.Value)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_paid_plan_whose_resize_was_lost_is_applied_by_the_reconciler()
    {
        var server = await RunningServerAsync("Upgrade Lost");
        var large = await BillingPlanIdAsync("game-large");
        // Billing recorded the plan with the paid upgrade; the resize job never ran.
        await LoseJobAfterAsync(server.Id, s => s.DesiredPlanId = large);

        await RestartReconcileAsync();

        await Eventually.UntilAsync(() => Servers.GetAsync(factory, server.Id), s => s.PlanSlug == "game-large", what: "server on the large plan");
        Assert.Equal(4, (await ContainerAsync(server.Vmid!.Value)).GetProperty("cores").GetInt32());
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            Assert.Null(await db.Servers.Where(s => s.Id == server.Id).Select(s => s.DesiredPlanId).SingleAsync());
        }
    }

    [Fact]
    public async Task A_power_action_the_runtime_refused_is_not_retried_behind_the_customers_back()
    {
        var server = await RunningServerAsync("Refused Stop");
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { taskFailures = new[] { new { type = "vzshutdown", count = 0 }, new { type = "vzstop", count = 0 } } });
        try
        {
            Assert.True((await lifecycle.PowerAsync(server.Id, null, PowerAction.Stop)).Accepted);
            var failed = await Eventually.UntilAsync(() => Servers.GetAsync(factory, server.Id), s => s.Operation == ServerOperation.None && s.LastActionError is not null,
                what: "the stop to fail");
            Assert.Equal(ServerStatus.Running, failed.Status);
        }
        finally
        {
            await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { });
        }

        await RestartReconcileAsync();

        var after = await Servers.GetAsync(factory, server.Id);
        Assert.Equal((ServerStatus.Running, ServerOperation.None), (after.Status, after.Operation));
        Assert.Equal("running", (await ContainerAsync(server.Vmid!.Value)).GetProperty("status").GetString());
    }

    private async Task<int> BillingPlanIdAsync(string slug)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Plans.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync();
    }
}
