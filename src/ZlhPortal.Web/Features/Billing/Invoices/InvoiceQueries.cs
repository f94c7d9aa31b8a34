using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public static class InvoiceQueries
{
    /// <summary>Voids the matching invoices in one statement (issued ones keep their numbers); returns how many.</summary>
    public static Task<int> VoidAsync(this IQueryable<Invoice> invoices, string reason, DateTimeOffset now, CancellationToken ct) =>
        invoices.ExecuteUpdateAsync(i => i.SetProperty(x => x.Status, InvoiceStatus.Void).SetProperty(x => x.VoidedAt, now).SetProperty(x => x.VoidReason, reason), ct);
}
