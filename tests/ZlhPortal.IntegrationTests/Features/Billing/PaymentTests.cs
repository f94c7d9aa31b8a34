using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class PaymentTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_declined_card_says_why_creates_no_server_and_the_invoice_can_still_be_paid()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Declined")).GetProperty("invoice").GetProperty("id").GetInt32();

        foreach (var (card, message) in new[] { ("4000 0000 0000 0002", "declined"), ("4000000000009995", "insufficient funds"), ("4242 4242 4242 4241", "not valid") })
        {
            var refused = await BillingApiClient.PayAsync(client, invoiceId, card);
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
            Assert.Contains(message, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var error = await BillingApiClient.PayAsync(client, invoiceId, "4000000000000119");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync(s => s.Name == "Declined")));
        var invoice = await client.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{invoiceId}");
        Assert.Equal("Draft", invoice.GetProperty("status").GetString());

        var paid = await BillingApiClient.PayAsync(client, invoiceId);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync(s => s.Name == "Declined")));
    }

    [Fact]
    public async Task Concurrent_payments_of_one_invoice_charge_once_and_provision_once()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Racing")).GetProperty("invoice").GetProperty("id").GetInt32();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => BillingApiClient.PayAsync(client, invoiceId)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync(p => p.InvoiceId == invoiceId && p.Status == PaymentStatus.Succeeded)));
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync(s => s.Name == "Racing")));
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Subscriptions.CountAsync(s => db.Servers.Any(v => v.Id == s.ServerId && v.Name == "Racing"))));
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_answers_the_same_and_charges_once()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Retried")).GetProperty("invoice").GetProperty("id").GetInt32();

        var first = await BillingApiClient.PayAsync(client, invoiceId, idempotencyKey: "pay-once-1");
        var again = await BillingApiClient.PayAsync(client, invoiceId, idempotencyKey: "pay-once-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("serverId").GetInt32(), b.GetProperty("serverId").GetInt32());
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync(p => p.InvoiceId == invoiceId)));
    }

    [Fact]
    public async Task Two_customers_choosing_the_same_idempotency_key_each_pay_their_own_invoice()
    {
        var ann = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var bob = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var annInvoice = (await BillingApiClient.OrderAsync(ann, name: "Ann's")).GetProperty("invoice").GetProperty("id").GetInt32();
        var bobInvoice = (await BillingApiClient.OrderAsync(bob, name: "Bob's")).GetProperty("invoice").GetProperty("id").GetInt32();

        // Scripts often use simple keys; the gateway must not hand Bob the charge it made for Ann.
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(ann, annInvoice, idempotencyKey: "order-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(bob, bobInvoice, idempotencyKey: "order-1")).StatusCode);

        var payments = await BillingApiClient.WithDbAsync(factory, db => db.Payments.AsNoTracking()
            .Where(p => (p.InvoiceId == annInvoice || p.InvoiceId == bobInvoice) && p.Status == PaymentStatus.Succeeded).ToListAsync());
        Assert.Equal(2, payments.Select(p => p.GatewayReference).Distinct().Count());
        Assert.Equal(2, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync(i => (i.Id == annInvoice || i.Id == bobInvoice) && i.Status == InvoiceStatus.Paid)));
    }

    [Fact]
    public async Task Another_customers_invoice_is_not_found_and_cannot_be_paid()
    {
        var owner = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var stranger = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(owner, name: "Mine")).GetProperty("invoice").GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/invoices/{invoiceId}")).StatusCode);
        var pay = await BillingApiClient.PayAsync(stranger, invoiceId);
        Assert.Equal(HttpStatusCode.NotFound, pay.StatusCode);
        Assert.DoesNotContain("Mine", await pay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/invoices/99999999")).StatusCode);
        Assert.Equal("Draft", (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{invoiceId}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"plan\":\"game-small\",\"template\":\"minecraft-paper\",\"name\":\"\"}", "name")]
    [InlineData("{\"plan\":\"no-such-plan\",\"template\":\"minecraft-paper\",\"name\":\"x\"}", "plan")]
    [InlineData("{\"plan\":\"dev-small\",\"template\":\"minecraft-paper\",\"name\":\"x\"}", "plan")]
    [InlineData("{\"plan\":\"game-small\",\"template\":\"valheim\",\"name\":\"x\",\"coupon\":\"NOPE\"}", "coupon")]
    [InlineData("{\"plan\":\"game-small\",\"template\":\"minecraft-paper\",\"name\":\"x\",\"price\":1,\"total\":-5}", null)]
    public async Task Bad_orders_get_a_clear_problem_and_reserve_nothing(string json, string? field)
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var before = await BillingApiClient.WithDbAsync(factory, db => db.CapacityReservations.CountAsync());

        var response = await client.PostAsync("/api/v1/orders", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        if (field is null)
        {
            // Prices are the catalog's, never the client's: extra fields change nothing.
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(699, body.GetProperty("invoice").GetProperty("subtotal").GetInt64());
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await BillingApiClient.WithDbAsync(factory, db => db.CapacityReservations.CountAsync()));
    }

    [Fact]
    public async Task Malformed_requests_get_400_not_500()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        foreach (var body in new[] { "{", "[]", "{\"plan\":12}", "null" })
        {
            var response = await client.PostAsync("/api/v1/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var pay = await client.PostAsync("/api/v1/invoices/1/pay", new StringContent("{\"card\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, pay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/invoices/-5")).StatusCode);
    }

    [Fact]
    public async Task Paying_without_a_token_is_401()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/invoices/1/pay", new { card = BillingApiClient.GoodCard });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
