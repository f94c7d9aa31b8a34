using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Credit;

/// <summary>
/// A paid server that could not be set up gives the customer their money back at once: as account credit, or through
/// the gateway when so configured. The order behind it claims the refund once, in the transaction that
/// <see cref="BeginAsync"/> joins; <see cref="CompleteAsync"/> then talks to the gateway and tells the customer.
/// </summary>
public sealed class SetupRefunds(
    IPaymentGateway gateway, SubscriptionStore subscriptions, BillingEmails emails, ActivityLog activity,
    IDbContextFactory<AppDbContext> dbFactory, IOptions<BillingOptions> options, TimeProvider time, ILogger<SetupRefunds> logger)
{
    /// <summary>The paid invoice of the order, or null when it has none (nothing to give back).</summary>
    public static Task<Invoice?> PaidOrderInvoiceAsync(AppDbContext db, int orderId, CancellationToken ct) =>
        db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.OrderId == orderId && i.Status == InvoiceStatus.Paid, ct);

    /// <summary>
    /// Inside the caller's <see cref="CreditLedger.BeginChangeAsync(AppDbContext, string, CancellationToken)"/> transaction, after it claimed the refund: ends the server's subscription and credits what
    /// does not go back to the card.
    /// </summary>
    public async Task<SetupRefund> BeginAsync(
        AppDbContext db, Invoice invoice, int orderId, int serverId, string serverName, string reason, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.InvoiceId == invoice.Id && p.Status == PaymentStatus.Succeeded, ct);
        var refundToCard = options.Value.FailedProvisioningRefund == FailedProvisioningRefund.Gateway
            && payment is { GatewayReference: not null, AmountMinor: > 0 } && payment.Gateway == gateway.Name;
        var refund = new SetupRefund(orderId, serverId, invoice.CustomerId, serverName, reason, invoice.Id, invoice.TotalMinor, invoice.Currency,
            refundToCard ? payment!.Id : null, refundToCard ? payment!.GatewayReference : null, refundToCard ? payment!.AmountMinor : 0);
        await subscriptions.EndAsync(db, serverId, ct);
        if (refundToCard)
        {
            // Recorded with the claim, so a crash before the gateway call leaves a refund the billing run finishes.
            await db.Payments.Where(p => p.Id == payment!.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, PaymentStatus.RefundPending), ct);
        }

        AddCredit(db, refund, refund.TotalMinor - refund.CardAmountMinor, reason);
        await db.SaveChangesAsync(ct);
        return refund;
    }

    /// <summary>
    /// After the caller committed: the card part goes back through the gateway (as credit when the gateway refuses), then
    /// the customer is told. Safe to repeat: the gateway refund carries one idempotency key per payment, and only the call
    /// that settles the pending refund tells the customer.
    /// </summary>
    public async Task CompleteAsync(SetupRefund refund, CancellationToken ct)
    {
        var toCard = false;
        var creditAmount = refund.TotalMinor - refund.CardAmountMinor;
        if (refund.CardReference is { } reference)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            toCard = await gateway.RefundAsync(reference, refund.CardAmountMinor, ct);
            await using var transaction = await CreditLedger.BeginChangeAsync(db, refund.CustomerId, ct);
            var settled = await db.Payments.Where(p => p.Id == refund.CardPaymentId && p.Status == PaymentStatus.RefundPending)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, toCard ? PaymentStatus.Refunded : PaymentStatus.Credited), ct);
            if (settled == 0)
            {
                return;
            }

            if (!toCard)
            {
                AddCredit(db, refund, refund.CardAmountMinor, refund.Reason + " (card refund failed)");
                await db.SaveChangesAsync(ct);
                creditAmount = refund.TotalMinor;
            }

            await transaction.CommitAsync(ct);
        }

        logger.LogWarning("Order {OrderId} refunded after server {ServerId} failed: {Credit} as credit, {Card} to the card",
            refund.OrderId, refund.ServerId, creditAmount, refund.TotalMinor - creditAmount);
        var amount = Money.Format(refund.TotalMinor, refund.Currency, CultureInfo.InvariantCulture);
        await activity.RecordAsync(refund.CustomerId, AccountActivityKind.ProvisioningRefunded,
            $"\"{refund.ServerName}\" could not be set up; {amount} " + (toCard ? "refunded to your card." : "added to your account credit."), null, ct);
        await using var read = await dbFactory.CreateDbContextAsync(ct);
        if (await read.Users.Where(u => u.Id == refund.CustomerId).Select(u => u.Email).FirstOrDefaultAsync(ct) is { } email)
        {
            await emails.ProvisioningRefundedAsync(refund.OrderId, email, refund.ServerName, refund.TotalMinor, refund.Currency, toCard, ct);
        }
    }

    /// <summary>
    /// Finishes card refunds a crash or a gateway outage left pending (billing run); returns how many were settled.
    /// </summary>
    public async Task<int> RetryPendingAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await (from p in db.Payments.AsNoTracking()
                             join i in db.Invoices on p.InvoiceId equals i.Id
                             join s in db.Servers on i.OrderId equals s.OrderId
                             where p.Status == PaymentStatus.RefundPending
                             select new SetupRefund(i.OrderId!.Value, s.Id, i.CustomerId, s.Name, s.FailureReason ?? "setup failed", i.Id, i.TotalMinor, i.Currency,
                                 p.Id, p.GatewayReference, p.AmountMinor)).ToListAsync(ct);
        var settled = 0;
        foreach (var refund in pending)
        {
            try
            {
                await CompleteAsync(refund, ct);
                settled++;
            }
            catch (Exception e) when (e is HttpRequestException or Stripe.StripeException or TimeoutException)
            {
                logger.LogWarning(e, "The card refund of payment {PaymentId} is still pending; the next billing run tries again", refund.CardPaymentId);
            }
        }

        return settled;
    }

    private void AddCredit(AppDbContext db, SetupRefund refund, long amountMinor, string reason)
    {
        if (amountMinor <= 0)
        {
            return;
        }

        db.CreditEntries.Add(new CreditEntry
        {
            CustomerId = refund.CustomerId, AmountMinor = amountMinor, Currency = refund.Currency, Kind = CreditEntryKind.ProvisioningRefund,
            Reason = $"Server \"{refund.ServerName}\" could not be set up: {reason}", InvoiceId = refund.InvoiceId, OrderId = refund.OrderId,
            CreatedAt = time.GetUtcNow(),
        });
    }
}
