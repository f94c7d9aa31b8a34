namespace ZlhPortal.Web.Features.Billing;

/// <summary>The server a paid order created, and what its subscription is priced at (fixed when the order was placed).</summary>
public sealed record OrderedServer(int ServerId, string CustomerId, int PlanId, long MonthlyPriceMinor, string Currency, int? CouponId);
