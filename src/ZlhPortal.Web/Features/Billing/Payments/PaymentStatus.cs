namespace ZlhPortal.Web.Features.Billing.Payments;

public enum PaymentStatus
{
    Succeeded = 1,
    Failed = 2,
    Refunded = 3,
}
