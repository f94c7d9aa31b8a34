using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public enum InvoiceKind
{
    Order = 1,
    Renewal = 2,
    Upgrade = 3,
    CreditNote = 4,

    /// <summary>Money paid in advance as account credit (no tax: tax is charged on the invoices the credit pays).</summary>
    TopUp = 5,
}
