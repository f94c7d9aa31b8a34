using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>Setup that keeps waiting for the platform ends at the provisioning deadline: Failed with a reason, cleaned up, refunded.</summary>
public sealed class ProvisioningDeadlineTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Provisioning:Deadline", "00:00:04");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_setup_that_keeps_waiting_past_the_deadline_fails_with_a_reason_removes_its_container_and_refunds()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Never Starts")).GetProperty("invoice").GetProperty("id").GetInt32();
        // Every start times out at the node: a transient failure, retried by the queue again and again.
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { errorRates = new[] { new { pathContains = "/status/start", rate = 1.0, status = 596 } } });

        var paid = await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>();
        var serverId = paid.GetProperty("serverId").GetInt32();
        var waiting = await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s.Steps.Any(step => step.Step == ProvisioningStep.Start && step.Message?.StartsWith("Waiting for the platform", StringComparison.Ordinal) == true),
            what: "the start step waiting for the platform");
        Assert.Equal(ServerStatus.Provisioning, waiting.Status);

        var failed = await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s.Status == ServerStatus.Failed && s.Operation == ServerOperation.None,
            TimeSpan.FromSeconds(60), "the server failed at its deadline");

        Assert.Equal(ProvisionServerJob.DeadlineReason, failed.FailureReason);
        Assert.Equal(StepState.Failed, failed.Steps.Single(s => s.Step == ProvisioningStep.Start).State);
        var containers = (await Servers.InventoryAsync(factory)).GetProperty("containers").EnumerateArray();
        Assert.DoesNotContain(containers, c => c.GetProperty("vmid").GetInt32() == waiting.Vmid);
        var credit = await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit"), c => c.GetProperty("balance").GetInt64() > 0,
            what: "the refund");
        Assert.Equal(832, credit.GetProperty("balance").GetInt64());
        Assert.Equal("ProvisioningRefund", credit.GetProperty("entries")[0].GetProperty("kind").GetString());
    }
}
