using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public sealed class InvoiceLine
{
    public int Id { get; set; }

    public int InvoiceId { get; set; }

    public int Position { get; set; }

    public string Description { get; set; } = "";

    public long NetMinor { get; set; }

    public decimal TaxRatePercent { get; set; }

    public long TaxMinor { get; set; }
}
