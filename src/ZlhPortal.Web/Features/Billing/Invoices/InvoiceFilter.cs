using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public sealed record InvoiceFilter(InvoiceStatus? Status, string? Customer);
