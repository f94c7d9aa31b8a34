namespace ZlhPortal.Web.Features.Orders;

/// <summary>A customer's request for a new server, priced when placed. The server is created when its first invoice is paid.</summary>
public sealed class Order
{
    public int Id { get; set; }

    public string CustomerId { get; set; } = "";

    public int PlanId { get; set; }

    public int TemplateId { get; set; }

    public string ServerName { get; set; } = "";

    public OrderStatus Status { get; set; } = OrderStatus.AwaitingPayment;

    /// <summary>Monthly price of the plan when the order was placed (later catalog changes do not touch it).</summary>
    public long MonthlyPriceMinor { get; set; }

    public long SetupFeeMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public int? CouponId { get; set; }

    public int? ReservationId { get; set; }

    /// <summary>When an unpaid order is cancelled and its capacity released.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public int? ServerId { get; set; }

    /// <summary>Set once the paid amount went back to the customer because provisioning failed for good.</summary>
    public DateTimeOffset? RefundedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
