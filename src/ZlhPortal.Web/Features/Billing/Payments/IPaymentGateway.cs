namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>A way to take money. One is active per installation (<see cref="BillingOptions.Gateway"/>).</summary>
public interface IPaymentGateway
{
    /// <summary>Stored on payments (<c>test</c>, <c>stripe</c>).</summary>
    string Name { get; }

    /// <summary>Whether the checkout page asks for a card number itself (the test gateway) or sends the customer to the gateway.</summary>
    bool CollectsCardInPortal { get; }

    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct);

    /// <summary>Gives a charge back; false when the gateway cannot (the caller falls back to account credit).</summary>
    Task<bool> RefundAsync(string reference, long amountMinor, CancellationToken ct);
}
