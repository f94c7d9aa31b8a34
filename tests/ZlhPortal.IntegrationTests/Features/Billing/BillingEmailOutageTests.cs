using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>
/// The mail server is down while the billing run suspends an overdue server and finishes a refund: both still happen,
/// and every message goes out exactly once when the mail server is back.
/// </summary>
public sealed class BillingEmailOutageTests : IDisposable
{
    private readonly MailServer mail = new();
    private readonly RefundGateway gateway = new();
    private readonly PortalAppFactory factory;

    public BillingEmailOutageTests() => factory = new PortalAppFactory()
        .WithFakeTime(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero))
        .WithSetting("Provisioning:GameVmidFirst", "1000")
        .WithSetting("Provisioning:GameVmidLast", "1001")
        .WithSetting("Provisioning:AgentTimeout", "00:00:01")
        .WithSetting("Billing:FailedProvisioningRefund", "Gateway")
        .WithPaymentGateway(gateway)
        .WithServices(services =>
        {
            services.RemoveAll<IEmailTransport>();
            services.AddSingleton<IEmailTransport>(provider => mail.Over(provider.GetRequiredService<PickupFolderEmailTransport>()));
        });

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task With_the_mail_server_down_the_billing_run_still_suspends_and_refunds_and_each_mail_is_sent_once_afterwards()
    {
        var laggard = await AccountJourney.CreateAsync(factory, "Customer");
        var laggardClient = await BillingApiClient.ForAsync(factory, laggard);
        var invoiceId = (await BillingApiClient.OrderAsync(laggardClient, name: "Laggard")).GetProperty("invoice").GetProperty("id").GetInt32();
        var serverId = (await (await BillingApiClient.PayAsync(laggardClient, invoiceId)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);

        // A second customer's server cannot be set up, and the card refund does not reach the gateway the first time.
        var unlucky = await AccountJourney.CreateAsync(factory, "Customer");
        var unluckyClient = await BillingApiClient.ForAsync(factory, unlucky);
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { agentNeverHealthy = new[] { 1001 } });
        gateway.Down = true;
        var doomedInvoice = (await BillingApiClient.OrderAsync(unluckyClient, name: "Doomed")).GetProperty("invoice").GetProperty("id").GetInt32();
        var doomed = (await (await BillingApiClient.PayAsync(unluckyClient, doomedInvoice)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        // The portal waits for the agent on its clock, which the test turns.
        await Eventually.UntilAsync(async () =>
        {
            factory.Time!.Advance(TimeSpan.FromSeconds(1));
            return await Servers.GetAsync(factory, doomed);
        }, s => s.Status == ServerStatus.Failed, what: "the server given up on");
        await Eventually.UntilAsync(() => PaymentStatusAsync(doomedInvoice), s => s == PaymentStatus.RefundPending, what: "the refund claimed");
        gateway.Down = false;

        // Three days after the renewal fell due, with the mail server unreachable.
        mail.Down = true;
        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero));
        var run = await BillingApiClient.RunBillingAsync(factory);

        Assert.Equal(1, run.Suspended);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);
        Assert.Equal(PaymentStatus.Refunded, await PaymentStatusAsync(doomedInvoice));
        Assert.Equal(1, gateway.Refunds);
        Assert.DoesNotContain(factory.Mailbox.MessagesTo(laggard), m => m.Subject!.Contains("suspended"));
        Assert.DoesNotContain(factory.Mailbox.MessagesTo(unlucky), m => m.Subject!.Contains("money is back"));
        var queued = await OutboxAsync();
        Assert.True(queued.Count(m => m.SentAt == null) >= 3, string.Join("\n", queued.Select(m => $"{m.Key} sent {m.SentAt}")));
        Assert.Contains(queued, m => m.SentAt == null && m.LastError?.Contains("SocketException") == true); // the operator sees why

        // A rerun during the outage queues nothing twice.
        await BillingApiClient.RunBillingAsync(factory);
        Assert.Equal(queued.Count, (await OutboxAsync()).Count);

        // The mail server is back; the next delivery pass after the back-off sends everything, once.
        mail.Down = false;
        factory.Time.Advance(TimeSpan.FromHours(1));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutboxJob>().RunAsync(CancellationToken.None);
        }

        await BillingApiClient.RunBillingAsync(factory);
        Assert.Single(factory.Mailbox.MessagesTo(laggard), m => m.Subject!.Contains("Laggard is suspended"));
        Assert.Single(factory.Mailbox.MessagesTo(laggard), m => m.Subject!.Contains("due 2026-05-01"));
        Assert.Single(factory.Mailbox.MessagesTo(laggard), m => m.Subject!.StartsWith("Reminder:"));
        Assert.Single(factory.Mailbox.MessagesTo(unlucky), m => m.Subject!.Contains("Doomed: your money is back"));
        Assert.DoesNotContain(await OutboxAsync(), m => m.SentAt == null);
    }

    private Task<PaymentStatus> PaymentStatusAsync(int invoiceId) =>
        BillingApiClient.WithDbAsync(factory, db => db.Payments.Where(p => p.InvoiceId == invoiceId).Select(p => p.Status).FirstAsync());

    private Task<List<OutboxEmail>> OutboxAsync() => BillingApiClient.WithDbAsync(factory, db => db.OutboxEmails.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    /// <summary>The mail server: refuses connections while down, otherwise the pickup folder the mailbox reads.</summary>
    private sealed class MailServer
    {
        public volatile bool Down;

        public IEmailTransport Over(IEmailTransport inner) => new Transport(this, inner);

        private sealed class Transport(MailServer server, IEmailTransport inner) : IEmailTransport
        {
            public Task SendAsync(EmailMessage message, CancellationToken ct = default) =>
                server.Down ? throw new SocketException((int)SocketError.ConnectionRefused) : inner.SendAsync(message, ct);
        }
    }

    /// <summary>The built-in test gateway, whose refund calls do not get through while it is down.</summary>
    private sealed class RefundGateway : TestGatewayWrapper
    {
        private int refunds;

        public volatile bool Down;

        public int Refunds => refunds;

        public override async Task<bool> RefundAsync(string reference, long amountMinor, CancellationToken ct)
        {
            if (Down)
            {
                throw new HttpRequestException("The connection to the gateway was reset.");
            }

            var refunded = await Inner.RefundAsync(reference, amountMinor, ct);
            if (refunded)
            {
                Interlocked.Increment(ref refunds);
            }

            return refunded;
        }
    }
}
