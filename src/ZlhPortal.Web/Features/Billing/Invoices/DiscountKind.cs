namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>How a coupon reduces a price.</summary>
public enum DiscountKind
{
    Percent = 1,
    Fixed = 2,
}
