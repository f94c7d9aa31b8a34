namespace ZlhPortal.Web.Features.Billing.Payments;

public enum ChargeOutcome
{
    Succeeded = 1,

    /// <summary>The card was refused (declined, insufficient funds…): the customer can try another.</summary>
    Declined = 2,

    /// <summary>The gateway failed; nothing was charged and the same request may be retried.</summary>
    Error = 3,

    /// <summary>The customer has to finish paying on the gateway's page (Stripe Checkout); a webhook reports the result.</summary>
    Redirect = 4,
}
