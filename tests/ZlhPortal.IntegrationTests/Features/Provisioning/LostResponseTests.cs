using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>
/// A clone, start or delete that Proxmox carried out but whose answer never came back (the simulator's
/// <c>dropResponses</c>) is not sent again blindly: the portal finds the task or its result and carries on as if the
/// answer had arrived. One portal per test, with a one-slot range so the VMID is known.
/// </summary>
public sealed class LostResponseTests : IDisposable
{
    private const int Vmid = 3000;

    private PortalAppFactory? portal;

    private PortalAppFactory Factory => portal ??= new PortalAppFactory()
        .WithSetting("Provisioning:GameVmidFirst", $"{Vmid}")
        .WithSetting("Provisioning:GameVmidLast", $"{Vmid}")
        .WithSetting("Provisioning:VmidCooldown", "00:00:00");

    private static IEnumerable<JsonElement> Containers(JsonElement inventory) => inventory.GetProperty("containers").EnumerateArray();

    private static IEnumerable<JsonElement> Tasks(JsonElement inventory, string type) =>
        inventory.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("type").GetString() == type);

    private Task DropNextAnswerAsync(string taskType) =>
        Servers.ControlAsync(Factory, HttpMethod.Put, "faults", new { dropResponses = new[] { new { type = taskType, count = 1 } } });

    private async Task<ServerView> RunningServerAsync()
    {
        var owner = await AccountJourney.CreateAsync(Factory, "Customer");
        var server = await Servers.WaitForAsync(Factory, await Servers.CreateAsync(Factory, owner), ServerStatus.Running, ServerStatus.Failed);
        Assert.Equal(ServerStatus.Running, server.Status);
        return server;
    }

    [Fact]
    public async Task A_paid_server_whose_clone_answer_was_lost_runs_with_one_container_and_no_refund()
    {
        var email = await AccountJourney.CreateAsync(Factory, "Customer");
        var client = await BillingApiClient.ForAsync(Factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Lost Answer")).GetProperty("invoice").GetProperty("id").GetInt32();
        await DropNextAnswerAsync("vzclone");

        var paid = await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>();
        var server = await Servers.WaitForAsync(Factory, paid.GetProperty("serverId").GetInt32(), ServerStatus.Running, ServerStatus.Failed);

        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.Null(server.FailureReason);
        var inventory = await Servers.InventoryAsync(Factory);
        var container = Assert.Single(Containers(inventory), c => c.GetProperty("description").GetString()?.Contains($"zlh-server-id: {server.Id}") == true);
        Assert.Equal(Vmid, container.GetProperty("vmid").GetInt32());
        Assert.Equal("running", container.GetProperty("status").GetString());
        Assert.Single(Tasks(inventory, "vzclone"));
        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit");
        Assert.Equal(0, credit.GetProperty("balance").GetInt64());
        Assert.Empty(credit.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task A_clone_still_copying_when_its_answer_was_lost_is_waited_for_not_sent_again()
    {
        // Tasks take a while here, so the clone is still running when the portal goes looking for it.
        Factory.WithSetting("Runtime:Simulator:TaskDuration", "00:00:00.400");
        await DropNextAnswerAsync("vzclone");

        var server = await RunningServerAsync();

        var clone = server.Steps.Single(s => s.Step == ProvisioningStep.Clone);
        Assert.Equal(1, clone.Attempts);
        Assert.DoesNotContain(server.Steps, s => s.Message?.Contains("Waiting for the platform", StringComparison.Ordinal) == true);
        var inventory = await Servers.InventoryAsync(Factory);
        Assert.Single(Containers(inventory), c => c.GetProperty("vmid").GetInt32() == Vmid);
        Assert.Single(Tasks(inventory, "vzclone"));
    }

    [Fact]
    public async Task A_setup_start_whose_answer_was_lost_is_not_sent_again_and_the_server_runs()
    {
        await DropNextAnswerAsync("vzstart");

        var server = await RunningServerAsync();

        Assert.Null(server.FailureReason);
        Assert.Equal(1, server.Steps.Single(s => s.Step == ProvisioningStep.Start).Attempts);
        var inventory = await Servers.InventoryAsync(Factory);
        Assert.Equal("running", Containers(inventory).Single(c => c.GetProperty("vmid").GetInt32() == Vmid).GetProperty("status").GetString());
        Assert.Single(Tasks(inventory, "vzstart"));
    }

    [Fact]
    public async Task A_power_start_whose_answer_was_lost_starts_the_server_without_an_error()
    {
        var server = await RunningServerAsync();
        var ownerId = server.OwnerId;
        await using var scope = Factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();
        Assert.True((await lifecycle.PowerAsync(server.Id, ownerId, PowerAction.Stop)).Accepted);
        await Servers.WaitForAsync(Factory, server.Id, ServerStatus.Stopped);
        await DropNextAnswerAsync("vzstart");

        Assert.True((await lifecycle.PowerAsync(server.Id, ownerId, PowerAction.Start)).Accepted);
        var started = await Servers.WaitForAsync(Factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);

        Assert.Equal(ServerStatus.Running, started.Status);
        Assert.Null(started.LastActionError);
        Assert.Empty(started.ActionFailures);
        Assert.Equal(2, Tasks(await Servers.InventoryAsync(Factory), "vzstart").Count());
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_ends_deleted_without_a_failed_attempt()
    {
        var server = await RunningServerAsync();
        await DropNextAnswerAsync("vzdestroy");
        await using var scope = Factory.Services.CreateAsyncScope();

        Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().DeleteAsync(server.Id, server.OwnerId)).Accepted);
        await Servers.WaitForAsync(Factory, server.Id, ServerStatus.Deleted);

        var inventory = await Servers.InventoryAsync(Factory);
        Assert.DoesNotContain(Containers(inventory), c => c.GetProperty("vmid").GetInt32() == Vmid);
        Assert.Single(Tasks(inventory, "vzdestroy"));
        // What an admin would see in the job dashboard: the delete succeeded at its first attempt, no error and no retry.
        var storage = Factory.Services.GetRequiredService<JobStorage>();
        var jobId = await Eventually.UntilAsync(
            () => Task.FromResult(storage.GetMonitoringApi().SucceededJobs(0, 100)
                .FirstOrDefault(j => j.Value.Job.Type == typeof(DeleteServerJob) && Convert.ToInt32(j.Value.Job.Args[0]) == server.Id).Key),
            id => id is not null, what: "the delete job succeeded");
        using var connection = storage.GetConnection();
        Assert.Null(connection.GetJobParameter(jobId, "RetryCount"));
    }

    public void Dispose() => portal?.Dispose();
}
