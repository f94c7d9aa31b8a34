namespace ZlhPortal.Web.Features.Billing.Payments;

public sealed record ChargeResult(ChargeOutcome Outcome, string? Reference, string? Message, string? RedirectUrl = null)
{
    public static ChargeResult Success(string reference) => new(ChargeOutcome.Succeeded, reference, null);

    public static ChargeResult Declined(string message) => new(ChargeOutcome.Declined, null, message);
}
