namespace ZlhPortal.Web.Features.Billing.Payments;

public enum PaymentStatus
{
    Succeeded = 1,
    Failed = 2,
    Refunded = 3,

    /// <summary>
    /// Money that arrived but did not settle its invoice (already paid, cancelled, or short of what was due): kept whole
    /// as the customer's account credit.
    /// </summary>
    Credited = 4,

    /// <summary>Owed back to the card (its server could not be set up) and not yet confirmed by the gateway; the billing run retries it.</summary>
    RefundPending = 5,
}
