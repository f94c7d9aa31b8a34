using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public sealed record InvoiceFilter(InvoiceStatus? Status, string? Customer);
