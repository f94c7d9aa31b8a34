namespace ZlhPortal.Web.Features.Billing.Subscriptions;

/// <summary>A server's monthly billing: the paid-up period and the price of the next.</summary>
public sealed class Subscription
{
    public int Id { get; set; }

    public int ServerId { get; set; }

    public string CustomerId { get; set; } = "";

    public int PlanId { get; set; }

    public long MonthlyPriceMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Active;

    public DateTimeOffset CurrentPeriodStart { get; set; }

    /// <summary>The paid-up period ends here; the next renewal invoice is due at this moment.</summary>
    public DateTimeOffset CurrentPeriodEnd { get; set; }

    public int? CouponId { get; set; }

    /// <summary>Renewals the coupon still discounts; null with a coupon means forever.</summary>
    public int? CouponPeriodsLeft { get; set; }

    /// <summary>The suspension is billing's (non-payment) and payment lifts it; an admin's suspension stays.</summary>
    public bool SuspendedForNonPayment { get; set; }

    public bool CancelAtPeriodEnd { get; set; }

    /// <summary>A downgrade to apply at the next renewal.</summary>
    public int? PendingPlanId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the status became <see cref="SubscriptionStatus.Ended"/>: the month it counts as churned in the reports.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
