namespace ZlhPortal.Web.Features.Orders;

/// <summary>An order as the customer's order list shows it (the billing page and <c>GET /api/v1/orders</c>).</summary>
public sealed record OrderRow(
    int Id, DateTimeOffset CreatedAt, string ServerName, int? ServerId, string PlanSlug, string PlanName, string TemplateSlug, OrderStatus Status,
    DateTimeOffset ExpiresAt, bool Refunded)
{
    public string StatusText => Status switch
    {
        OrderStatus.AwaitingPayment => "Awaiting payment",
        OrderStatus.Paid => Refunded ? "Refunded" : "Paid",
        _ => "Cancelled",
    };
}
