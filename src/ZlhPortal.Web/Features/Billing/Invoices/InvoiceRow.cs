using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public sealed record InvoiceRow(Invoice Invoice, string? CustomerEmail);
