using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>The portal dies after the gateway took the money and before the payment was recorded; the customer pays again.</summary>
public sealed class PaymentCrashTests : IDisposable
{
    private readonly CrashAfterFirstCharge gateway = new();
    private readonly PortalAppFactory factory;

    public PaymentCrashTests() => factory = new PortalAppFactory().WithPaymentGateway(gateway);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_pay_request_retried_without_a_key_after_a_crash_settles_the_same_charge_instead_of_charging_again()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Unlucky")).GetProperty("invoice").GetProperty("id").GetInt32();
        var customerId = await BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var payments = scope.ServiceProvider.GetRequiredService<InvoicePayments>();
            await Assert.ThrowsAsync<ProcessDiedException>(() => payments.PayAsync(invoiceId, customerId, BillingApiClient.GoodCard, null, CancellationToken.None));
        }

        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync(p => p.InvoiceId == invoiceId)));

        // The customer sees the invoice still open and pays again, with no Idempotency-Key (a browser form, a plain script).
        var retried = await BillingApiClient.PayAsync(client, invoiceId);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);

        Assert.Equal(2, gateway.Keys.Count);
        Assert.Equal(gateway.Keys[0], gateway.Keys[1]);
        Assert.Single(gateway.References.Distinct());
        var payment = Assert.Single(await BillingApiClient.WithDbAsync(factory, db => db.Payments.AsNoTracking().Where(p => p.InvoiceId == invoiceId).ToListAsync()));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(gateway.References[0], payment.GatewayReference);
        var invoice = await client.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{invoiceId}");
        Assert.Equal("Paid", invoice.GetProperty("status").GetString());
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync(s => s.Name == "Unlucky")));
    }

    private sealed class ProcessDiedException() : Exception("The portal process died between the charge and its record.");

    /// <summary>The built-in test gateway; the first charge goes through, and then the portal "dies" before it hears back.</summary>
    private sealed class CrashAfterFirstCharge : TestGatewayWrapper
    {
        private readonly Lock gate = new();

        public List<string> Keys { get; } = [];

        public List<string> References { get; } = [];

        public override async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
        {
            var result = await Inner.ChargeAsync(request, ct);
            bool first;
            lock (gate)
            {
                Keys.Add(request.IdempotencyKey);
                References.Add(result.Reference!);
                first = Keys.Count == 1;
            }

            return first ? throw new ProcessDiedException() : result;
        }
    }
}
