using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Coupons;

/// <summary>
/// The coupons on offer: staff create them and switch them off (a coupon is never deleted, so redemptions keep pointing
/// at it), and <see cref="CheckAsync"/> decides whether a customer may use a code.
/// </summary>
public sealed partial class CouponBook(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<Coupon>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Coupons.AsNoTracking().OrderByDescending(c => c.Active).ThenByDescending(c => c.Id).Take(500).ToListAsync(ct);
    }

    /// <returns>Null when created, else what is wrong.</returns>
    public async Task<string?> CreateAsync(CouponInput input, CancellationToken ct = default)
    {
        var code = (input.Code ?? "").Trim().ToUpperInvariant();
        if (code.Length > Coupon.CodeMaxLength || !CodePattern().IsMatch(code))
        {
            return $"Give a code of letters, digits, dashes and underscores (at most {Coupon.CodeMaxLength}).";
        }

        if (!Enum.IsDefined(input.Kind))
        {
            return "Choose percent or fixed.";
        }

        if (input.Kind == DiscountKind.Percent ? input.Value is <= 0 or > 100 : input.Value <= 0 || input.Value > Pricing.MaxAmountMinor || input.Value != decimal.Truncate(input.Value))
        {
            return input.Kind == DiscountKind.Percent ? "A percentage is more than 0 and at most 100." : "Enter an amount greater than zero.";
        }

        if (input.Periods is < 1 or > 120)
        {
            return "Periods: 1 to 120 months, or empty for forever.";
        }

        if (input.MaxUses is < 1 or > 1_000_000)
        {
            return "Max uses: at least 1, or empty for no limit.";
        }

        if (input.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return "The expiry must be in the future.";
        }

        var slugs = (input.PlanSlugs ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (string.Join(',', slugs).Length > 500)
        {
            return "Too many plans; leave the list empty for every plan.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.Plans.Where(p => slugs.Contains(p.Slug)).Select(p => p.Slug).ToListAsync(ct);
        if (slugs.Except(known).FirstOrDefault() is { } unknown)
        {
            return $"There is no plan {unknown}.";
        }

        if (await db.Coupons.AnyAsync(c => c.Code == code, ct))
        {
            return $"The code {code} is taken.";
        }

        db.Coupons.Add(new Coupon
        {
            Code = code, Kind = input.Kind, Value = input.Value, Periods = input.Periods, MaxUses = input.MaxUses, OncePerCustomer = input.OncePerCustomer,
            ExpiresAt = input.ExpiresAt, PlanSlugs = string.Join(',', slugs), CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>A deactivated coupon can no longer be redeemed; subscriptions already discounted keep their discount.</summary>
    public async Task<bool> SetActiveAsync(int id, bool active, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Coupons.Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.Active, active), ct) > 0;
    }

    [GeneratedRegex("^[A-Z0-9_-]+$")]
    private static partial Regex CodePattern();

    /// <summary>
    /// Whether a code is one this customer may use now: on offer, not expired, not used up, not already used by them
    /// when it is once per customer, and, when a plan is given, valid for it. The one check for orders and saved codes.
    /// </summary>
    public async Task<(Coupon? Coupon, string? Problem)> CheckAsync(AppDbContext db, string code, string? customerId, Plan? plan, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (normalized.Length > Coupon.CodeMaxLength)
        {
            return (null, "There is no such coupon.");
        }

        var coupon = await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized && c.Active, ct);
        if (coupon is null)
        {
            return (null, $"There is no coupon {normalized}.");
        }

        if (coupon.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return (null, $"The coupon {normalized} expired on {expires:yyyy-MM-dd}.");
        }

        if (coupon.MaxUses is { } max && coupon.Uses >= max)
        {
            return (null, $"The coupon {normalized} has been used up.");
        }

        if (plan is not null && !coupon.AppliesTo(plan.Slug))
        {
            return (null, $"The coupon {normalized} is not valid for the {plan.Name} plan.");
        }

        if (coupon.OncePerCustomer && customerId is not null && await db.CouponRedemptions.AnyAsync(r => r.CouponId == coupon.Id && r.CustomerId == customerId, ct))
        {
            return (null, $"You have already used the coupon {normalized}.");
        }

        return (coupon, null);
    }

    /// <summary>
    /// Inside the transaction that places an order: counts one use of the coupon and records that the customer redeemed
    /// it with this order; false when it was used up meanwhile, or, for a once-per-customer coupon, when the customer
    /// redeemed it meanwhile. The use is counted first: the update holds the coupon's row (SQLite: the write lock) until
    /// the transaction ends, so two orders racing for it check the redemptions one after the other.
    /// </summary>
    public static async Task<bool> RedeemAsync(AppDbContext db, int couponId, string customerId, int orderId, DateTimeOffset now, CancellationToken ct)
    {
        var counted = await db.Coupons.Where(c => c.Id == couponId && (c.MaxUses == null || c.Uses < c.MaxUses))
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Uses, x => x.Uses + 1), ct);
        var oncePerCustomer = counted > 0 && await db.Coupons.AnyAsync(c => c.Id == couponId && c.OncePerCustomer, ct);
        if (counted == 0 || (oncePerCustomer && await db.CouponRedemptions.AnyAsync(r => r.CouponId == couponId && r.CustomerId == customerId, ct)))
        {
            return false;
        }

        db.CouponRedemptions.Add(new CouponRedemption
        {
            CouponId = couponId, CustomerId = customerId, OrderId = orderId, OncePerCustomer = oncePerCustomer, CreatedAt = now,
        });
        return true;
    }

    /// <summary>Inside the transaction that cancels an order: its coupon use is given back.</summary>
    public static async Task ReturnAsync(AppDbContext db, int couponId, int orderId, CancellationToken ct)
    {
        if (await db.CouponRedemptions.Where(r => r.OrderId == orderId).ExecuteDeleteAsync(ct) > 0)
        {
            await db.Coupons.Where(c => c.Id == couponId && c.Uses > 0).ExecuteUpdateAsync(c => c.SetProperty(x => x.Uses, x => x.Uses - 1), ct);
        }
    }
}
