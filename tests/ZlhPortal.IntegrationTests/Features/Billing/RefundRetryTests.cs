using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>A card refund owed for a server that could not be set up is finished even when the gateway call never happened.</summary>
public sealed class RefundRetryTests : IDisposable
{
    private readonly UnreachableOnceGateway gateway = new();

    private readonly PortalAppFactory factory;

    public RefundRetryTests() => factory = new PortalAppFactory()
        .WithSetting("Provisioning:GameVmidFirst", "1000")
        .WithSetting("Provisioning:GameVmidLast", "1001")
        .WithSetting("Provisioning:AgentTimeout", "00:00:01")
        .WithSetting("Billing:FailedProvisioningRefund", "Gateway")
        .WithPaymentGateway(gateway);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_refund_cut_off_before_the_gateway_call_is_finished_by_the_billing_run_once()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Doomed")).GetProperty("invoice").GetProperty("id").GetInt32();
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { agentNeverHealthy = new[] { 1000 } });

        var paid = await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>();
        await Servers.WaitForAsync(factory, paid.GetProperty("serverId").GetInt32(), ServerStatus.Failed);
        var pending = await Eventually.UntilAsync(() => PaymentStatusAsync(invoiceId), s => s == PaymentStatus.RefundPending, what: "the refund claimed");
        Assert.Equal(0, gateway.Refunds);

        await BillingApiClient.RunBillingAsync(factory);
        await BillingApiClient.RunBillingAsync(factory);

        Assert.Equal(PaymentStatus.RefundPending, pending);
        Assert.Equal(PaymentStatus.Refunded, await PaymentStatusAsync(invoiceId));
        Assert.Equal(1, gateway.Refunds);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());
        await factory.Mailbox.ArrivalAsync(email, "Doomed", "money is back");
        Assert.Single(factory.Mailbox.MessagesTo(email), m => m.Subject?.Contains("money is back") == true);
    }

    private Task<PaymentStatus> PaymentStatusAsync(int invoiceId) =>
        BillingApiClient.WithDbAsync(factory, db => db.Payments.Where(p => p.InvoiceId == invoiceId).Select(p => p.Status).FirstAsync());

    /// <summary>The built-in test gateway, except that its first refund call never reaches it (the connection drops).</summary>
    private sealed class UnreachableOnceGateway : TestGatewayWrapper
    {
        private int calls;

        public int Refunds { get; private set; }

        public override async Task<bool> RefundAsync(string reference, long amountMinor, CancellationToken ct)
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new HttpRequestException("The connection to the gateway was reset.");
            }

            var refunded = await Inner.RefundAsync(reference, amountMinor, ct);
            Refunds += refunded ? 1 : 0;
            return refunded;
        }
    }
}
