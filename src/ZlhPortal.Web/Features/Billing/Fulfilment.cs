using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>
/// Puts in place what a paid invoice buys: a new server and its subscription (order), another month (renewal,
/// lifting a non-payment suspension). Idempotent: the billing run calls it again for any paid invoice a crash left
/// unfulfilled.
/// </summary>
public sealed class Fulfilment(IDbContextFactory<AppDbContext> dbFactory, ServerLifecycle lifecycle, TimeProvider time, ILogger<Fulfilment> logger)
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
        var order = await db.Orders.FirstAsync(o => o.Id == invoice.OrderId, ct);
        if (invoice.FulfilledAt is not null)
        {
            return order.ServerId;
        }

        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == order.PlanId, ct);
        var template = await db.Templates.AsNoTracking().FirstAsync(t => t.Id == order.TemplateId, ct);
        var created = await lifecycle.CreateAsync(order.CustomerId, plan.Slug, template.Slug, order.ServerName, complimentary: false, ct, order.Id, order.ReservationId);
        if (!created.Accepted)
        {
            logger.LogError("Paid order {OrderId} could not create its server: {Problem}", order.Id, created.Message);
            return null;
        }

        var serverId = created.ServerId!.Value;
        var now = time.GetUtcNow();
        var paidAt = invoice.PaidAt ?? now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        order.Status = OrderStatus.Paid;
        order.ServerId = serverId;
        order.UpdatedAt = now;
        if (!await db.Subscriptions.AnyAsync(s => s.ServerId == serverId, ct))
        {
            var coupon = order.CouponId is { } couponId ? await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Id == couponId, ct) : null;
            db.Subscriptions.Add(new Subscription
            {
                ServerId = serverId,
                CustomerId = order.CustomerId,
                PlanId = order.PlanId,
                MonthlyPriceMinor = order.MonthlyPriceMinor,
                Currency = order.Currency,
                CurrentPeriodStart = paidAt,
                CurrentPeriodEnd = Pricing.PeriodEnd(paidAt),
                CouponId = coupon?.Id,
                CouponPeriodsLeft = coupon?.Periods is { } periods ? Math.Max(0, periods - 1) : null,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        invoice.FulfilledAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return serverId;
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
                lifecycle.Resize(subscription.ServerId, planId);
            }

            subscription.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
        }

        if (subscription is { Status: SubscriptionStatus.Suspended, SuspendedForNonPayment: true }
            && !await db.Invoices.AnyAsync(i => i.SubscriptionId == subscription.Id && i.Status == InvoiceStatus.Open, ct))
        {
            var lifted = await lifecycle.UnsuspendAsync(subscription.ServerId, ct);
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
            await db.SaveChangesAsync(ct);
            lifecycle.Resize(subscription.ServerId, planId);
        }

        return await MarkFulfilledAsync(db, invoice, subscription.ServerId, ct);
    }

    private async Task<int?> FulfilTopUpAsync(AppDbContext db, Invoice invoice, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
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
