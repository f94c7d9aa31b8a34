using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>
/// Faults injected into the simulator end as designed: transient ones are retried to Running; a server whose agent never
/// answers fails with a reason and leaves nothing behind. One portal per test, with a one-slot range so the VMID is known.
/// </summary>
public sealed class ProvisioningFaultTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Provisioning:GameVmidFirst", "3000")
        .WithSetting("Provisioning:GameVmidLast", "3000")
        .WithSetting("Provisioning:AgentTimeout", "00:00:02")
        .WithSetting("Provisioning:TransientAttempts", "3")
        .WithSetting("Provisioning:VmidCooldown", "00:00:00");

    private static IEnumerable<JsonElement> Containers(JsonElement inventory) => inventory.GetProperty("containers").EnumerateArray();

    private async Task<ServerView> ProvisionAsync()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        return await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner), ServerStatus.Running, ServerStatus.Failed);
    }

    [Fact]
    public async Task A_failed_clone_task_is_cleaned_up_and_retried_to_running()
    {
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { taskFailures = new[] { new { type = "vzclone", exitStatus = "clone failed: disk error", count = 1 } } });

        var server = await ProvisionAsync();

        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.True(server.Steps.Single(s => s.Step == ProvisioningStep.Clone).Attempts >= 2);
        Assert.Single(Containers(await Servers.InventoryAsync(factory)), c => c.GetProperty("vmid").GetInt32() == 3000);
    }

    [Fact]
    public async Task Node_timeouts_on_reads_are_retried_to_running()
    {
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults",
            new { errorRates = new[] { new { pathContains = "/status/current", method = "GET", rate = 0.5, status = 596, reason = "Connection timed out" } } });

        var server = await ProvisionAsync();

        Assert.Equal(ServerStatus.Running, server.Status);
    }

    [Fact]
    public async Task A_template_locked_from_outside_is_waited_for_not_reported()
    {
        await Servers.ControlAsync(factory, HttpMethod.Post, "locks", new { vmid = 200, @lock = "disk" });
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var id = await Servers.CreateAsync(factory, owner);

        await Eventually.UntilAsync(() => Servers.GetAsync(factory, id),
            s => s.Steps.Single(x => x.Step == ProvisioningStep.Clone).Message?.Contains("Waiting for the platform") == true, what: "clone waiting on the lock");
        await Servers.ControlAsync(factory, HttpMethod.Post, "locks", new { vmid = 200, @lock = (string?)null });
        var server = await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed);

        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.Null(server.FailureReason);
    }

    [Fact]
    public async Task An_agent_that_never_answers_fails_the_server_with_a_reason_and_leaves_nothing_behind()
    {
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { agentNeverHealthy = new[] { 3000 } });

        var server = await ProvisionAsync();

        Assert.Equal(ServerStatus.Failed, server.Status);
        Assert.Contains("did not report in", server.FailureReason);
        Assert.Equal(StepState.Failed, server.Steps.Single(s => s.Step == ProvisioningStep.WaitForAgent).State);
        Assert.Null(server.Vmid);
        var inventory = await Servers.InventoryAsync(factory);
        Assert.DoesNotContain(Containers(inventory), c => c.GetProperty("vmid").GetInt32() == 3000);
        Assert.DoesNotContain(inventory.GetProperty("dns").EnumerateArray(), r => r.GetProperty("name").GetString()!.EndsWith(server.Hostname!));
    }

    [Fact]
    public async Task An_admin_retries_a_failed_server_once_the_fault_is_gone_and_it_runs()
    {
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { agentNeverHealthy = new[] { 3000 } });
        var failed = await ProvisionAsync();
        Assert.Equal(ServerStatus.Failed, failed.Status);
        await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        var retry = await lifecycle.RetryAsync(failed.Id);
        var again = await lifecycle.RetryAsync(failed.Id);

        Assert.True(retry.Accepted, retry.Message);
        Assert.Equal(ServerRequestOutcome.Conflict, again.Outcome);
        var server = await Servers.WaitForAsync(factory, failed.Id, ServerStatus.Running, ServerStatus.Failed);
        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.Null(server.FailureReason);
        Assert.All(server.Steps, s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.Single(Containers(await Servers.InventoryAsync(factory)), c => c.GetProperty("vmid").GetInt32() == 3000);
    }

    public void Dispose() => factory.Dispose();
}
