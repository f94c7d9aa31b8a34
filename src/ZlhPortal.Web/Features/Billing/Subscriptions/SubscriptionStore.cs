using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

/// <summary>
/// Writes on subscriptions that other parts' events call for: a paid order starts one, a server moving to another
/// account takes its subscription along, a server that could not be set up ends it.
/// </summary>
public sealed class SubscriptionStore(TimeProvider time) : IServerTransferHandler
{
    /// <summary>Inside the transaction that fulfils the order: the server's monthly subscription, from the day it was paid for.</summary>
    public async Task StartAsync(AppDbContext db, OrderedServer ordered, DateTimeOffset paidAt, CancellationToken ct)
    {
        if (await db.Subscriptions.AnyAsync(s => s.ServerId == ordered.ServerId, ct))
        {
            return;
        }

        var coupon = ordered.CouponId is { } couponId ? await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Id == couponId, ct) : null;
        var now = time.GetUtcNow();
        db.Subscriptions.Add(new Subscription
        {
            ServerId = ordered.ServerId,
            CustomerId = ordered.CustomerId,
            PlanId = ordered.PlanId,
            MonthlyPriceMinor = ordered.MonthlyPriceMinor,
            Currency = ordered.Currency,
            CurrentPeriodStart = paidAt,
            CurrentPeriodEnd = Pricing.PeriodEnd(paidAt),
            CouponId = coupon?.Id,
            CouponPeriodsLeft = coupon?.Periods is { } periods ? Math.Max(0, periods - 1) : null,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    /// <summary>The next invoices go to the new owner; issued ones stay with whoever they were issued to.</summary>
    public Task OnTransferredAsync(AppDbContext db, int serverId, string previousOwnerId, string newOwnerId, CancellationToken ct) =>
        db.Subscriptions.Where(x => x.ServerId == serverId && x.CustomerId == previousOwnerId)
            .ExecuteUpdateAsync(x => x.SetProperty(v => v.CustomerId, newOwnerId), ct);

    /// <summary>Inside the transaction that refunds a server that could not be set up: nothing more is billed for it.</summary>
    public Task EndAsync(AppDbContext db, int serverId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.Subscriptions.Where(s => s.ServerId == serverId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Ended).SetProperty(x => x.EndedAt, x => x.EndedAt ?? now)
                .SetProperty(x => x.UpdatedAt, now), ct);
    }
}
