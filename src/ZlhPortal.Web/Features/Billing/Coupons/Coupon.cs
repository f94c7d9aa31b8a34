using ZlhPortal.Web.Features.Billing.Invoices;
namespace ZlhPortal.Web.Features.Billing.Coupons;

/// <summary>A promotion code: percent or fixed off, for the first N periods or forever, with limits.</summary>
public sealed class Coupon
{
    public const int CodeMaxLength = 40;

    public int Id { get; set; }

    /// <summary>Stored upper-case; customers may type it in any case.</summary>
    public string Code { get; set; } = "";

    public DiscountKind Kind { get; set; }

    /// <summary>Percent (0–100) or a fixed amount in minor units.</summary>
    public decimal Value { get; set; }

    /// <summary>How many periods (the first included) it discounts; null = forever.</summary>
    public int? Periods { get; set; }

    public int? MaxUses { get; set; }

    public int Uses { get; set; }

    public bool OncePerCustomer { get; set; } = true;

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Comma-separated plan slugs it is limited to; empty = every plan.</summary>
    public string PlanSlugs { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public bool AppliesTo(string planSlug) =>
        string.IsNullOrWhiteSpace(PlanSlugs) || PlanSlugs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(planSlug, StringComparer.OrdinalIgnoreCase);

    public string Describe(string currency) => Kind == DiscountKind.Percent
        ? $"{Value:0.##} % off" + (Periods is { } p ? (p == 1 ? " the first month" : $" for {p} months") : " every month")
        : $"{Money.Format((long)Value, currency)} off" + (Periods is { } q ? (q == 1 ? " the first month" : $" for {q} months") : " every month");
}
