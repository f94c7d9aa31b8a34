using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>
/// Account credit is spent exactly once: fought over by payments of several invoices, billing runs issuing renewals
/// paid from credit and double-submitted downgrades all at once; and given back when what it was spent on is voided.
/// </summary>
public sealed class CreditLedgerTests : IDisposable
{
    // Paid on 1 April 12:00: the period is 1 April – 1 May.
    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Twenty_concurrent_payments_renewals_and_downgrades_never_take_the_balance_below_zero_or_credit_a_downgrade_twice()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var servers = new List<int>();
        foreach (var name in new[] { "Alpha", "Beta" })
        {
            var invoiceId = (await BillingApiClient.OrderAsync(client, plan: "game-medium", name: name)).GetProperty("invoice").GetProperty("id").GetInt32();
            servers.Add((await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32());
        }

        foreach (var serverId in servers)
        {
            await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
        }

        var customerId = await BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CreditLedger>().AdjustAsync(customerId, 1000, "goodwill", customerId, CancellationToken.None));
        }

        // A week before the period ends: the billing run issues both renewals and pays them from whatever credit there is.
        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 4, 24, 12, 0, 0, TimeSpan.Zero));

        // Three unpaid orders, each more than half the credit: paid one after another, only the first could use it all.
        var open = new List<int>();
        foreach (var name in new[] { "Gamma", "Delta", "Epsilon" })
        {
            open.Add((await BillingApiClient.OrderAsync(client, plan: "game-small", name: name)).GetProperty("invoice").GetProperty("id").GetInt32());
        }


        using var start = new SemaphoreSlim(0);
        var requests = new List<Task<HttpStatusCode>>();
        foreach (var invoiceId in open)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                requests.Add(Run(async () => (await BillingApiClient.PayAsync(client, invoiceId)).StatusCode));
            }
        }

        foreach (var serverId in servers)
        {
            for (var copy = 0; copy < 5; copy++)
            {
                requests.Add(Run(async () => (await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-small", when = "now" })).StatusCode));
            }
        }

        for (var run = 0; run < 4; run++)
        {
            requests.Add(Run(async () =>
            {
                await BillingApiClient.RunBillingAsync(factory);
                return HttpStatusCode.OK;
            }));
        }

        Assert.Equal(20, requests.Count);
        start.Release(requests.Count);
        var statuses = await Task.WhenAll(requests);
        Assert.All(statuses, s => Assert.True((int)s < 500, $"a request failed with {s}"));

        // A payment that lost the race for the credit left its invoice open and said so; paying again settles it.
        foreach (var invoiceId in open)
        {
            var again = await BillingApiClient.PayAsync(client, invoiceId);
            Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        }

        var entries = await BillingApiClient.WithDbAsync(factory, db => db.CreditEntries.AsNoTracking().Where(c => c.CustomerId == customerId).OrderBy(c => c.Id).ToListAsync());
        var running = 0L;
        foreach (var entry in entries)
        {
            running += entry.AmountMinor;
            Assert.True(running >= 0, $"the balance went to {running} after entry {entry.Id} ({entry.Kind}: {entry.Reason})");
        }

        // One credit per downgraded server, however many copies of the request arrived.
        Assert.Equal(2, entries.Count(e => e.Kind == CreditEntryKind.Downgrade));
        foreach (var serverId in servers)
        {
            await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s.PlanSlug == "game-small", what: $"server {serverId} on the small plan");
        }

        // Every invoice took from the ledger exactly what it says it took, and a paid one was paid exactly once.
        var invoices = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.AsNoTracking().Where(i => i.CustomerId == customerId).ToListAsync());
        var payments = await BillingApiClient.WithDbAsync(factory, db => db.Payments.AsNoTracking().Where(p => p.CustomerId == customerId).ToListAsync());
        foreach (var invoice in invoices)
        {
            Assert.Equal(invoice.CreditAppliedMinor, -entries.Where(e => e.InvoiceId == invoice.Id && e.Kind == CreditEntryKind.AppliedToInvoice).Sum(e => e.AmountMinor));
            if (invoice.Status == InvoiceStatus.Paid)
            {
                Assert.Equal(invoice.TotalMinor, invoice.CreditAppliedMinor
                    + payments.Where(p => p.InvoiceId == invoice.Id && p.Status == PaymentStatus.Succeeded).Sum(p => p.AmountMinor));
            }
        }

        Assert.Equal(2, invoices.Count(i => i.Kind == InvoiceKind.Renewal));
        Assert.All(open, id => Assert.Equal(InvoiceStatus.Paid, invoices.Single(i => i.Id == id).Status));
        var balance = (await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64();
        Assert.Equal(entries.Sum(e => e.AmountMinor), balance);

        async Task<HttpStatusCode> Run(Func<Task<HttpStatusCode>> request)
        {
            await start.WaitAsync();
            return await request();
        }
    }

    [Fact]
    public async Task Credit_taken_by_a_renewal_comes_back_when_the_server_is_deleted_before_the_rest_is_paid()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Short-lived")).GetProperty("invoice").GetProperty("id").GetInt32();
        var serverId = (await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
        var customerId = await BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CreditLedger>().AdjustAsync(customerId, 300, "goodwill", customerId, CancellationToken.None));
        }

        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 4, 24, 12, 0, 0, TimeSpan.Zero));
        await BillingApiClient.RunBillingAsync(factory);
        var renewal = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices"))!.Single(i => i.GetProperty("kind").GetString() == "Renewal");
        Assert.Equal(300, renewal.GetProperty("creditApplied").GetInt64());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/v1/servers/{serverId}")).StatusCode);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Deleted);
        await BillingApiClient.RunBillingAsync(factory);

        renewal = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices"))!.Single(i => i.GetProperty("kind").GetString() == "Renewal");
        Assert.Equal("Void", renewal.GetProperty("status").GetString());
        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit");
        Assert.Equal(300, credit.GetProperty("balance").GetInt64());
        Assert.Contains(credit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "Returned" && e.GetProperty("amount").GetInt64() == 300);
    }
}
