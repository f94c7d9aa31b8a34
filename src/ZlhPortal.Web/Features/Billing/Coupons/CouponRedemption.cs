namespace ZlhPortal.Web.Features.Billing.Coupons;

/// <summary>A coupon used on an order; unique per customer when the coupon is once per customer.</summary>
public sealed class CouponRedemption
{
    public int Id { get; set; }

    public int CouponId { get; set; }

    public string CustomerId { get; set; } = "";

    public int OrderId { get; set; }

    /// <summary>The coupon was once per customer when redeemed: such redemptions are unique per customer and coupon.</summary>
    public bool OncePerCustomer { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
