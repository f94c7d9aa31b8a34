using System.Globalization;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing.Documents;

/// <summary>
/// Everything an invoice PDF shows besides the seller (which comes from <see cref="BillingOptions"/>).
/// </summary>
/// <param name="Lines">The invoice's lines; printed in <see cref="InvoiceLine.Position"/> order.</param>
/// <param name="Culture">Formats amounts; invariant when null (an invoice read by a job has no browser culture).</param>
public sealed record InvoiceDocument(
    Invoice Invoice, IReadOnlyList<InvoiceLine> Lines, string CustomerName, string CustomerEmail, string? CustomerCountry, CultureInfo? Culture = null);
