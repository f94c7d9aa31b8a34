using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>
/// A paid server that could not be set up gives the customer their money back at once: as account credit, or through
/// the gateway when so configured. Once per order, whoever calls first (the failure itself or the billing run).
/// </summary>
public sealed class ProvisioningRefunds(
    IDbContextFactory<AppDbContext> dbFactory, IPaymentGateway gateway, BillingEmails emails, ActivityLog activity, IOptions<BillingOptions> options,
    TimeProvider time, ILogger<ProvisioningRefunds> logger) : IProvisioningFailureHandler
{
    public async Task OnProvisioningFailedAsync(int serverId, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.ServerId == serverId && o.Status == OrderStatus.Paid && o.RefundedAt == null, ct);
        if (order is null)
        {
            return;
        }

        var invoice = await db.Invoices.AsNoTracking().FirstAsync(i => i.OrderId == order.Id && i.Status == InvoiceStatus.Paid, ct);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.InvoiceId == invoice.Id && p.Status == PaymentStatus.Succeeded, ct);
        var now = time.GetUtcNow();
        var refundToCard = options.Value.FailedProvisioningRefund == FailedProvisioningRefund.Gateway
            && payment is { GatewayReference: not null, AmountMinor: > 0 } && payment.Gateway == gateway.Name;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await db.Orders.Where(o => o.Id == order.Id && o.RefundedAt == null)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.RefundedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
            if (claimed == 0)
            {
                return;
            }

            await db.Subscriptions.Where(s => s.ServerId == serverId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Ended).SetProperty(x => x.UpdatedAt, now), ct);
            AddCredit(db, order, invoice, refundToCard ? invoice.TotalMinor - payment!.AmountMinor : invoice.TotalMinor, reason, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var toCard = false;
        var creditAmount = refundToCard ? invoice.TotalMinor - payment!.AmountMinor : invoice.TotalMinor;
        if (refundToCard)
        {
            toCard = await gateway.RefundAsync(payment!.GatewayReference!, payment.AmountMinor, ct);
            if (toCard)
            {
                await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, PaymentStatus.Refunded), ct);
            }
            else
            {
                AddCredit(db, order, invoice, payment.AmountMinor, reason + " (card refund failed)", now);
                await db.SaveChangesAsync(ct);
                creditAmount = invoice.TotalMinor;
            }
        }

        var cardAmount = invoice.TotalMinor - creditAmount;
        logger.LogWarning("Order {OrderId} refunded after server {ServerId} failed: {Credit} as credit, {Card} to the card", order.Id, serverId, creditAmount, cardAmount);
        var amount = Money.Format(invoice.TotalMinor, invoice.Currency, CultureInfo.InvariantCulture);
        await activity.RecordAsync(order.CustomerId, AccountActivityKind.ProvisioningRefunded,
            $"\"{order.ServerName}\" could not be set up; {amount} " + (toCard ? "refunded to your card." : "added to your account credit."), null, ct);
        if (await db.Users.Where(u => u.Id == order.CustomerId).Select(u => u.Email).FirstOrDefaultAsync(ct) is { } email)
        {
            await emails.ProvisioningRefundedAsync(email, order.ServerName, invoice.TotalMinor, invoice.Currency, toCard, ct);
        }
    }

    private static void AddCredit(AppDbContext db, Order order, Invoice invoice, long amountMinor, string reason, DateTimeOffset now)
    {
        if (amountMinor <= 0)
        {
            return;
        }

        db.CreditEntries.Add(new CreditEntry
        {
            CustomerId = order.CustomerId, AmountMinor = amountMinor, Currency = invoice.Currency, Kind = CreditEntryKind.ProvisioningRefund,
            Reason = $"Server \"{order.ServerName}\" could not be set up: {reason}", InvoiceId = invoice.Id, OrderId = order.Id, CreatedAt = now,
        });
    }
}
