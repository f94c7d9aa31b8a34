using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>Minor units; drafts and open invoices make up <see cref="UnpaidMinor"/>, void ones count nowhere.</summary>
public sealed record InvoiceTotals(long TotalMinor, long UnpaidMinor);
