namespace ZlhPortal.Web.Features.Billing.Credit;

public enum CreditEntryKind
{
    TopUp = 1,
    ProvisioningRefund = 2,
    Adjustment = 3,
    AppliedToInvoice = 4,
    Downgrade = 5,
    CreditNote = 6,

    /// <summary>Credit given back when an invoice it was applied to is voided unpaid.</summary>
    Returned = 7,
}
