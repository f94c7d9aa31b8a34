namespace ZlhPortal.Web.Features.Billing.Credit;

public enum CreditEntryKind
{
    TopUp = 1,
    ProvisioningRefund = 2,
    Adjustment = 3,
    AppliedToInvoice = 4,
    Downgrade = 5,
    CreditNote = 6,
}
