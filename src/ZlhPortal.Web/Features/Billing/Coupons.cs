using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <param name="Value">Percent (0–100], or a fixed amount in minor units.</param>
/// <param name="Periods">Months discounted, the first included; null = forever.</param>
/// <param name="PlanSlugs">Comma-separated plan slugs; empty = every plan.</param>
public sealed record CouponInput(
    string? Code, DiscountKind Kind, decimal Value, int? Periods, int? MaxUses, bool OncePerCustomer, DateTimeOffset? ExpiresAt, string? PlanSlugs);

/// <summary>Staff create coupons and switch them off; a coupon is never deleted, so redemptions keep pointing at it.</summary>
public sealed partial class Coupons(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
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
}
