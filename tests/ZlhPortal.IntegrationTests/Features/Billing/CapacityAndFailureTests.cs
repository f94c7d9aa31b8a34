using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class CapacityAndFailureTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Provisioning:GameVmidFirst", "1000")
        .WithSetting("Provisioning:GameVmidLast", "1001")
        .WithSetting("Provisioning:AgentTimeout", "00:00:01");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_full_range_refuses_the_order_before_any_money_is_taken()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        await BillingApiClient.OrderAsync(client, name: "One");
        await BillingApiClient.OrderAsync(client, name: "Two");

        var third = await client.PostAsJsonAsync("/api/v1/orders", new { plan = "game-small", template = "minecraft-paper", name = "Three" });

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("not been charged", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync()));
        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync()));
    }

    [Fact]
    public async Task Provisioning_that_fails_for_good_gives_the_money_back_as_credit_once_with_an_email_and_an_activity_entry()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Doomed")).GetProperty("invoice").GetProperty("id").GetInt32();
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { agentNeverHealthy = new[] { 1000 } });

        var paid = await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>();
        var serverId = paid.GetProperty("serverId").GetInt32();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Failed);

        var credit = await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit"), c => c.GetProperty("balance").GetInt64() > 0,
            what: "credit after the failure");
        Assert.Equal(832, credit.GetProperty("balance").GetInt64());
        Assert.Equal("ProvisioningRefund", credit.GetProperty("entries")[0].GetProperty("kind").GetString());
        await factory.Mailbox.ArrivalAsync(email, "Doomed", "money is back");

        // The billing run sweeping failures afterwards does not pay twice.
        await BillingApiClient.RunBillingAsync(factory);
        Assert.Equal(832, (await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());
        Assert.Equal(SubscriptionStatus.Ended, await BillingApiClient.WithDbAsync(factory, db => db.Subscriptions.Where(s => s.ServerId == serverId).Select(s => s.Status).FirstAsync()));
        var activity = await BillingApiClient.WithDbAsync(factory, db => db.AccountActivities.CountAsync(a => a.Kind == ZlhPortal.Web.Features.Accounts.Activity.AccountActivityKind.ProvisioningRefunded));
        Assert.Equal(1, activity);

        // The credit pays the next order by itself.
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { });
        var next = (await BillingApiClient.OrderAsync(client, name: "Second try")).GetProperty("invoice").GetProperty("id").GetInt32();
        var second = await BillingApiClient.PayAsync(client, next, card: "");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_paid_order_whose_held_place_was_given_away_still_gets_its_server_on_a_free_vmid()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var first = (await BillingApiClient.OrderAsync(client, name: "First")).GetProperty("invoice").GetProperty("id").GetInt32();
        var firstServer = (await (await BillingApiClient.PayAsync(client, first)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        var taken = (await Servers.WaitForAsync(factory, firstServer, ServerStatus.Running)).Vmid;
        var second = (await BillingApiClient.OrderAsync(client, name: "Second")).GetProperty("invoice").GetProperty("id").GetInt32();
        // The place held for the second order now names the first server's VMID (as when a hold was handed out twice).
        await BillingApiClient.WithDbAsync(factory, db => db.CapacityReservations.Where(r => r.ServerId == null).ExecuteUpdateAsync(r => r.SetProperty(x => x.Vmid, taken)));

        var paid = await BillingApiClient.PayAsync(client, second);

        var body = await paid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(paid.StatusCode == HttpStatusCode.OK, body.ToString());
        var running = await Servers.WaitForAsync(factory, body.GetProperty("serverId").GetInt32(), ServerStatus.Running);
        Assert.NotEqual(taken, running.Vmid);
        Assert.Equal(ServerStatus.Running, (await Servers.GetAsync(factory, firstServer)).Status);
        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.CreditEntries.CountAsync()));
    }
}
