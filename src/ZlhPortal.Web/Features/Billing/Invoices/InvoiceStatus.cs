using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public enum InvoiceStatus
{
    /// <summary>The first invoice of an order while the customer is at checkout: no number yet, so abandoned carts leave no gaps.</summary>
    Draft = 1,

    /// <summary>Issued (numbered, immutable) and waiting for payment.</summary>
    Open = 2,

    Paid = 3,

    /// <summary>Cancelled; keeps its number. Corrections to a paid invoice are credit notes instead.</summary>
    Void = 4,
}
