using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>Stripe's webhook, fed events signed here the way Stripe signs them (HMAC-SHA256 of "{timestamp}.{payload}").</summary>
public sealed class StripeWebhookTests(StripeWebhookTests.StripePortal portal) : IClassFixture<StripeWebhookTests.StripePortal>
{
    private const string Secret = "whsec_test_4eC39HqLyjWDarjtT1zdp7dc";

    /// <summary>A portal whose payment gateway is Stripe (dummy keys: nothing here calls Stripe's API).</summary>
    public sealed class StripePortal : IDisposable
    {
        public PortalAppFactory Factory { get; } = new PortalAppFactory()
            .WithSetting("Billing:Gateway", "Stripe")
            .WithSetting("Billing:Stripe:SecretKey", "sk_test_dummy")
            .WithSetting("Billing:Stripe:WebhookSecret", Secret);

        public void Dispose() => Factory.Dispose();
    }

    private PortalAppFactory Factory => portal.Factory;

    [Fact]
    public async Task Stripe_is_the_gateway_and_sends_customers_to_its_own_page()
    {
        await using var scope = Factory.Services.CreateAsyncScope();

        var gateway = Assert.IsType<StripeGateway>(scope.ServiceProvider.GetRequiredService<IPaymentGateway>());
        Assert.False(gateway.CollectsCardInPortal);
    }

    [Fact]
    public async Task A_signed_paid_session_settles_the_invoice_and_starts_the_server()
    {
        var invoice = await PlaceOrderAsync();

        var response = await PostAsync(SessionCompleted(invoice, "pi_test_paid"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await DbAsync();
        var paid = await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id);
        Assert.Equal(InvoiceStatus.Paid, paid.Status);
        Assert.NotNull(paid.Number);
        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.InvoiceId == invoice.Id);
        Assert.Equal(("stripe", "pi_test_paid", invoice.TotalMinor, PaymentStatus.Succeeded), (payment.Gateway, payment.GatewayReference, payment.AmountMinor, payment.Status));
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == invoice.OrderId);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.NotNull(order.ServerId);
    }

    [Fact]
    public async Task Credit_the_card_did_not_have_to_cover_is_spent_when_the_session_is_paid()
    {
        var invoice = await PlaceOrderAsync();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CreditLedger>().AdjustAsync(invoice.CustomerId, 500, "Goodwill", invoice.CustomerId, CancellationToken.None));
        }

        var response = await PostAsync(SessionCompleted(invoice, "pi_test_with_credit", amountTotal: invoice.TotalMinor - 500));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await DbAsync();
        var paid = await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id);
        Assert.Equal((InvoiceStatus.Paid, 500L), (paid.Status, paid.CreditAppliedMinor));
        Assert.Equal(invoice.TotalMinor - 500, (await db.Payments.AsNoTracking().SingleAsync(p => p.InvoiceId == invoice.Id)).AmountMinor);
        Assert.Equal(0, await CreditLedger.BalanceAsync(db, invoice.CustomerId, CancellationToken.None));
    }

    [Fact]
    public async Task A_payment_that_with_the_credit_falls_short_settles_nothing_and_becomes_credit()
    {
        var invoice = await PlaceOrderAsync();

        var response = await PostAsync(SessionCompleted(invoice, "pi_test_short", amountTotal: invoice.TotalMinor - 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await DbAsync();
        Assert.NotEqual(InvoiceStatus.Paid, (await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id)).Status);
        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.InvoiceId == invoice.Id);
        Assert.Equal((PaymentStatus.Credited, invoice.TotalMinor - 100), (payment.Status, payment.AmountMinor));
        Assert.Equal(invoice.TotalMinor - 100, await CreditLedger.BalanceAsync(db, invoice.CustomerId, CancellationToken.None));
        Assert.Null((await db.Orders.AsNoTracking().FirstAsync(o => o.Id == invoice.OrderId)).ServerId);
    }

    [Fact]
    public async Task A_second_paid_session_for_a_paid_invoice_is_recorded_and_becomes_credit()
    {
        var invoice = await PlaceOrderAsync();

        // Two Checkout tabs, both paid: the first settles the invoice, the second must not be lost.
        await PostAsync(SessionCompleted(invoice, "pi_test_first_tab"));
        var second = await PostAsync(SessionCompleted(invoice, "pi_test_second_tab"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await using var db = await DbAsync();
        var payments = await db.Payments.AsNoTracking().Where(p => p.InvoiceId == invoice.Id).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal([("pi_test_first_tab", PaymentStatus.Succeeded), ("pi_test_second_tab", PaymentStatus.Credited)],
            payments.Select(p => (p.GatewayReference, p.Status)).ToList());
        Assert.Equal(invoice.TotalMinor, await CreditLedger.BalanceAsync(db, invoice.CustomerId, CancellationToken.None));
        Assert.Single(await db.Servers.AsNoTracking().Where(s => s.OrderId == invoice.OrderId).ToListAsync());
    }

    [Fact]
    public async Task A_duplicated_event_changes_nothing()
    {
        var invoice = await PlaceOrderAsync();
        var payload = SessionCompleted(invoice, "pi_test_twice");

        // Stripe retries and may deliver one event more than once, even at the same moment.
        var first = await Task.WhenAll(PostAsync(payload), PostAsync(payload));
        await using var db = await DbAsync();
        var paidAt = (await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id)).PaidAt;
        var again = await PostAsync(payload);

        Assert.All(first.Append(again), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await db.Payments.AsNoTracking().Where(p => p.InvoiceId == invoice.Id).ToListAsync());
        var after = await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id);
        Assert.Equal(InvoiceStatus.Paid, after.Status);
        Assert.Equal(paidAt, after.PaidAt);
        Assert.Single(await db.Orders.AsNoTracking().Where(o => o.Id == invoice.OrderId && o.ServerId != null).ToListAsync());
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData("tampered payload")]
    [InlineData("too old")]
    [InlineData("no signature")]
    public async Task A_badly_signed_event_is_rejected_and_the_invoice_stays_unpaid(string fault)
    {
        var invoice = await PlaceOrderAsync();
        var payload = SessionCompleted(invoice, $"pi_test_forged_{fault.Replace(' ', '_')}");
        var now = Now();
        var header = fault switch
        {
            "wrong secret" => Signature(payload, now, "whsec_not_the_secret"),
            "too old" => Signature(payload, now - StripeWebhook.SignatureTolerance - TimeSpan.FromMinutes(1), Secret),
            "no signature" => null,
            _ => Signature(payload, now, Secret),
        };
        var posted = fault == "tampered payload" ? payload.Replace($"\"amount_total\": {invoice.TotalMinor}", "\"amount_total\": 1") : payload;
        Assert.Equal(fault == "tampered payload", posted != payload);

        var response = await PostAsync(posted, header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await DbAsync();
        Assert.Equal(InvoiceStatus.Draft, (await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id)).Status);
        Assert.False(await db.Payments.AnyAsync(p => p.InvoiceId == invoice.Id));
    }

    [Fact]
    public async Task A_session_completed_without_payment_settles_nothing()
    {
        var invoice = await PlaceOrderAsync();

        var response = await PostAsync(SessionCompleted(invoice, "pi_test_unpaid", paymentStatus: "unpaid"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await DbAsync();
        Assert.Equal(InvoiceStatus.Draft, (await db.Invoices.AsNoTracking().FirstAsync(i => i.Id == invoice.Id)).Status);
        Assert.False(await db.Payments.AnyAsync(p => p.InvoiceId == invoice.Id));
    }

    private async Task<Invoice> PlaceOrderAsync()
    {
        var email = await AccountJourney.CreateAsync(Factory, "Customer");
        await using var scope = Factory.Services.CreateAsyncScope();
        var customer = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        var placed = await scope.ServiceProvider.GetRequiredService<Checkout>()
            .PlaceAsync(customer!.Id, new OrderRequest("game-small", "minecraft-paper", "Paid through Stripe", null), CancellationToken.None);
        Assert.Equal(OrderOutcome.Placed, placed.Outcome);
        return placed.Invoice!;
    }

    private static string SessionCompleted(Invoice invoice, string paymentIntent, string paymentStatus = "paid", long? amountTotal = null) => $$"""
        {
          "id": "evt_{{Guid.NewGuid():N}}",
          "object": "event",
          "api_version": "2020-08-27",
          "created": 1700000000,
          "livemode": false,
          "pending_webhooks": 1,
          "type": "checkout.session.completed",
          "data": {
            "object": {
              "id": "cs_test_{{invoice.Id}}",
              "object": "checkout.session",
              "mode": "payment",
              "status": "complete",
              "payment_status": "{{paymentStatus}}",
              "amount_total": {{amountTotal ?? invoice.TotalMinor}},
              "currency": "{{invoice.Currency.ToLowerInvariant()}}",
              "client_reference_id": "{{invoice.Id}}",
              "metadata": { "invoice_id": "{{invoice.Id}}" },
              "payment_intent": "{{paymentIntent}}"
            }
          }
        }
        """;

    private static string Signature(string payload, DateTimeOffset at, string secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private DateTimeOffset Now() => Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private Task<HttpResponseMessage> PostAsync(string payload) => PostAsync(payload, Signature(payload, Now(), Secret));

    private async Task<HttpResponseMessage> PostAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Route) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("Stripe-Signature", signature);
        }

        return await Factory.CreateClient().SendAsync(request);
    }

    private Task<AppDbContext> DbAsync() => Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
