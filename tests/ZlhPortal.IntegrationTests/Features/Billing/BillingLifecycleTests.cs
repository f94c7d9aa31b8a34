using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>A year of a customer's billing, driven with a fake clock against the simulator.</summary>
public sealed class BillingLifecycleTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(Start);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Order_pay_run_renew_from_credit_go_overdue_get_suspended_pay_get_unsuspended_then_terminated()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var time = factory.Time!;

        // Order and pay: the first invoice gets its number only now, and the server is set up.
        var placed = await BillingApiClient.OrderAsync(client);
        var firstInvoice = placed.GetProperty("invoice");
        Assert.Equal("Draft", firstInvoice.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, firstInvoice.GetProperty("number").ValueKind);
        Assert.Equal(699 + 133, firstInvoice.GetProperty("total").GetInt64()); // 6.99 + 19 % VAT (1.3281 → 1.33)
        var paid = await BillingApiClient.PayAsync(client, firstInvoice.GetProperty("id").GetInt32());
        var paidBody = await paid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("2026-000001", paidBody.GetProperty("invoice").GetProperty("number").GetString());
        var serverId = paidBody.GetProperty("serverId").GetInt32();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);

        // Credit from an admin pays the first renewal, issued 7 days before the period ends (30 Jan + 1 month = 28 Feb).
        var customerId = await Servers.UserIdAsync(factory, email);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<CreditLedger>();
            Assert.Null(await ledger.AdjustAsync(customerId, 1000, "Goodwill for the outage", customerId, CancellationToken.None));
        }

        time.SetUtcNow(new DateTimeOffset(2026, 2, 20, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await BillingApiClient.RunBillingAsync(factory)).InvoicesIssued);
        time.SetUtcNow(new DateTimeOffset(2026, 2, 21, 10, 0, 0, TimeSpan.Zero));
        var run = await BillingApiClient.RunBillingAsync(factory);
        Assert.Equal(1, run.InvoicesIssued);
        Assert.Equal(1, run.PaidFromCredit);
        var invoices = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices");
        var renewal = invoices!.First(i => i.GetProperty("kind").GetString() == "Renewal");
        Assert.Equal("Paid", renewal.GetProperty("status").GetString());
        Assert.Equal("2026-000002", renewal.GetProperty("number").GetString());
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), renewal.GetProperty("periodStart").GetDateTimeOffset());
        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit");
        Assert.Equal(1000 - 832, credit.GetProperty("balance").GetInt64());
        Assert.Equal(0, (await BillingApiClient.RunBillingAsync(factory)).InvoicesIssued);

        // Next renewal (period from 28 Mar) is not covered by the remaining credit: overdue, then suspended 2 days after.
        time.SetUtcNow(new DateTimeOffset(2026, 3, 21, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).InvoicesIssued);
        var open = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices"))!.First(i => i.GetProperty("status").GetString() == "Open");
        Assert.Equal(832 - 168, open.GetProperty("amountDue").GetInt64());
        Assert.Contains(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains(open.GetProperty("number").GetString()!, StringComparison.Ordinal));
        time.SetUtcNow(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await BillingApiClient.RunBillingAsync(factory)).Suspended);
        time.SetUtcNow(new DateTimeOffset(2026, 3, 30, 11, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).Suspended);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);
        var inventory = await Servers.InventoryAsync(factory);
        var vmid = (await Servers.GetAsync(factory, serverId)).Vmid!.Value;
        Assert.Contains(inventory.GetProperty("containers").EnumerateArray(), g => g.GetProperty("vmid").GetInt32() == vmid && g.GetProperty("status").GetString() == "stopped");
        var start = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/power", new { action = "start" });
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);

        // Paying lifts the suspension billing made.
        var payOverdue = await BillingApiClient.PayAsync(client, open.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.OK, payOverdue.StatusCode);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);

        // The renewal after that stays unpaid: 14 days after its due date the server is deleted.
        time.SetUtcNow(new DateTimeOffset(2026, 4, 21, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).InvoicesIssued);
        time.SetUtcNow(new DateTimeOffset(2026, 5, 12, 11, 0, 0, TimeSpan.Zero));
        var final = await BillingApiClient.RunBillingAsync(factory);
        Assert.Equal(1, final.Terminated);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Deleted);
        inventory = await Servers.InventoryAsync(factory);
        Assert.DoesNotContain(inventory.GetProperty("containers").EnumerateArray(), g => g.GetProperty("vmid").GetInt32() == vmid);
        Assert.Equal(0, (await BillingApiClient.RunBillingAsync(factory)).Changes);
        Assert.Contains(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("has been deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unpaid_order_expires_releases_its_capacity_and_cannot_be_paid_afterwards()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var placed = await BillingApiClient.OrderAsync(client);
        var invoiceId = placed.GetProperty("invoice").GetProperty("id").GetInt32();
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.CapacityReservations.CountAsync(r => r.ReleasedAt == null)));

        factory.Time!.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).OrdersExpired);

        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.CapacityReservations.CountAsync(r => r.ReleasedAt == null)));
        var pay = await BillingApiClient.PayAsync(client, invoiceId);
        Assert.Equal(HttpStatusCode.Conflict, pay.StatusCode);
        Assert.Contains("expired", await pay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync()));
        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync()));
    }

    [Fact]
    public async Task Paying_an_overdue_invoice_does_not_lift_a_suspension_an_admin_made()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Rule Breaker")).GetProperty("invoice").GetProperty("id").GetInt32();
        var serverId = (await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Servers.Lifecycle.ServerLifecycle>()
                .StaffSuspendAsync(serverId, "Rule breaking", "Admin (admin@example.test)", "admin@example.test")).Accepted);
        }

        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);
        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 2, 21, 10, 0, 0, TimeSpan.Zero));
        await BillingApiClient.RunBillingAsync(factory);
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).Suspended);

        var open = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices"))!.Single(i => i.GetProperty("status").GetString() == "Open");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(client, open.GetProperty("id").GetInt32())).StatusCode);
        await BillingApiClient.RunBillingAsync(factory);

        Assert.Equal(ServerStatus.Suspended, (await Servers.GetAsync(factory, serverId)).Status);
        Assert.Equal(ServerOperationNone, (await Servers.GetAsync(factory, serverId)).Operation);
    }

    private const ZlhPortal.Web.Features.Servers.ServerOperation ServerOperationNone = ZlhPortal.Web.Features.Servers.ServerOperation.None;
}
