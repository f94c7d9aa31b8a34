using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>
/// Puts in place what a paid invoice buys: a new server and its subscription (order), another month (renewal,
/// lifting a non-payment suspension). Idempotent: the billing run calls it again for any paid invoice a crash left
/// unfulfilled.
/// </summary>
public sealed class Fulfilment(
    IDbContextFactory<AppDbContext> dbFactory, IOrderInvoiceHandler orders, SubscriptionStore subscriptions, ServerLifecycle lifecycle, TimeProvider time,
    ILogger<Fulfilment> logger)
{
    /// <returns>The server the invoice is for, when there is one.</returns>
    public async Task<int?> FulfilAsync(int invoiceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.FirstAsync(i => i.Id == invoiceId, ct);
        if (invoice.Status != InvoiceStatus.Paid)
        {
            return null;
        }

        return invoice.Kind switch
        {
            InvoiceKind.Order => await FulfilOrderAsync(db, invoice, ct),
            InvoiceKind.Renewal => await FulfilRenewalAsync(db, invoice, ct),
            InvoiceKind.Upgrade => await FulfilUpgradeAsync(db, invoice, ct),
            InvoiceKind.TopUp => await FulfilTopUpAsync(db, invoice, ct),
            _ => await MarkFulfilledAsync(db, invoice, null, ct),
        };
    }

    private async Task<int?> FulfilOrderAsync(AppDbContext db, Invoice invoice, CancellationToken ct)
    {
        var orderId = invoice.OrderId!.Value;
        if (invoice.FulfilledAt is not null)
        {
            return await db.Servers.Where(s => s.OrderId == orderId).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        }

        if (await orders.CreateServerAsync(orderId, ct) is not { } ordered)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await orders.MarkPaidAsync(db, orderId, ordered.ServerId, ct);
        await subscriptions.StartAsync(db, ordered, invoice.PaidAt ?? now, ct);
        invoice.FulfilledAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ordered.ServerId;
    }

    private async Task<int?> FulfilRenewalAsync(AppDbContext db, Invoice invoice, CancellationToken ct)
    {
        var subscription = await db.Subscriptions.FirstAsync(s => s.Id == invoice.SubscriptionId, ct);
        var now = time.GetUtcNow();
        if (invoice.FulfilledAt is null && invoice.PeriodStart == subscription.CurrentPeriodEnd && invoice.PeriodEnd is { } periodEnd)
        {
            subscription.CurrentPeriodStart = invoice.PeriodStart.Value;
            subscription.CurrentPeriodEnd = periodEnd;
            if (subscription.CouponPeriodsLeft is > 0)
            {
                subscription.CouponPeriodsLeft--;
            }

            if (invoice.TargetPlanId is { } planId && planId != subscription.PlanId)
            {
                // A downgrade chosen for the renewal: the new price was on this invoice, the resources follow now.
                subscription.PlanId = planId;
                subscription.MonthlyPriceMinor = await db.Plans.Where(p => p.Id == planId).Select(p => p.MonthlyPriceMinor).FirstAsync(ct);
                subscription.PendingPlanId = null;
                await lifecycle.RecordPlanAsync(db, subscription.ServerId, planId, ct);
                lifecycle.Resize(subscription.ServerId, planId);
            }

            subscription.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
        }

        if (subscription is { Status: SubscriptionStatus.Suspended, SuspendedForNonPayment: true }
            && !await db.Invoices.AnyAsync(i => i.SubscriptionId == subscription.Id && i.Status == InvoiceStatus.Open, ct))
        {
            var lifted = await lifecycle.UnsuspendAsync(subscription.ServerId, ct, HistoryActors.Billing, "the overdue invoices are paid");
            if (!lifted.Accepted && lifted.Outcome != ServerRequestOutcome.NotFound
                && await db.Servers.Where(s => s.Id == subscription.ServerId).Select(s => s.Status).FirstAsync(ct) == ServerStatus.Suspended)
            {
                // The suspension itself may still be running; the billing run tries again.
                logger.LogInformation("Unsuspending server {ServerId} after payment postponed: {Reason}", subscription.ServerId, lifted.Message);
                return subscription.ServerId;
            }

            subscription.Status = SubscriptionStatus.Active;
            subscription.SuspendedForNonPayment = false;
            subscription.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return await MarkFulfilledAsync(db, invoice, subscription.ServerId, ct);
    }

    private async Task<int?> FulfilUpgradeAsync(AppDbContext db, Invoice invoice, CancellationToken ct)
    {
        var subscription = await db.Subscriptions.FirstAsync(s => s.Id == invoice.SubscriptionId, ct);
        if (invoice.FulfilledAt is null && invoice.TargetPlanId is { } planId)
        {
            subscription.PlanId = planId;
            subscription.MonthlyPriceMinor = await db.Plans.Where(p => p.Id == planId).Select(p => p.MonthlyPriceMinor).FirstAsync(ct);
            subscription.PendingPlanId = null;
            subscription.UpdatedAt = time.GetUtcNow();
            await lifecycle.RecordPlanAsync(db, subscription.ServerId, planId, ct);
            await db.SaveChangesAsync(ct);
            lifecycle.Resize(subscription.ServerId, planId);
        }

        return await MarkFulfilledAsync(db, invoice, subscription.ServerId, ct);
    }

    private async Task<int?> FulfilTopUpAsync(AppDbContext db, Invoice invoice, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await CreditLedger.BeginChangeAsync(db, invoice.CustomerId, ct);
        // Claimed first, so a payment and the billing run's sweep racing here add the credit once.
        if (await db.Invoices.Where(i => i.Id == invoice.Id && i.FulfilledAt == null).ExecuteUpdateAsync(i => i.SetProperty(x => x.FulfilledAt, now), ct) == 0)
        {
            return null;
        }

        db.CreditEntries.Add(new CreditEntry
        {
            CustomerId = invoice.CustomerId, AmountMinor = invoice.TotalMinor, Currency = invoice.Currency, Kind = CreditEntryKind.TopUp,
            Reason = $"Top-up, invoice {invoice.Number}", InvoiceId = invoice.Id, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    private async Task<int?> MarkFulfilledAsync(AppDbContext db, Invoice invoice, int? serverId, CancellationToken ct)
    {
        if (invoice.FulfilledAt is null)
        {
            invoice.FulfilledAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        return serverId;
    }
}
