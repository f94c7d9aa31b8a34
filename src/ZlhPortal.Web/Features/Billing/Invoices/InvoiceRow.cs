using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public sealed record InvoiceRow(Invoice Invoice, string? CustomerEmail);
