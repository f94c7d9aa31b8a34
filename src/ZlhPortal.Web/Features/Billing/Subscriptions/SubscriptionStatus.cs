namespace ZlhPortal.Web.Features.Billing.Subscriptions;

public enum SubscriptionStatus
{
    Active = 1,

    /// <summary>Stopped for non-payment; payment lifts it.</summary>
    Suspended = 2,

    /// <summary>Cancelled by the customer; runs to the period's end, then the server is deleted.</summary>
    Cancelled = 3,

    /// <summary>The server was deleted (non-payment, cancellation, or by its owner).</summary>
    Ended = 4,
}
