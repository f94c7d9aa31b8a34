using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>The first invoice of an order, written and voided inside the transaction that places or cancels the order.</summary>
public static class OrderInvoiceBook
{
    /// <summary>Adds the order's draft invoice (the checkout page shows it; it is issued when paid). Due when the order lapses.</summary>
    public static Invoice AddDraft(
        AppDbContext db, int orderId, string customerId, string currency, string country, IEnumerable<PricedLine> lines, DateTimeOffset now, DateTimeOffset dueAt)
    {
        var invoice = new Invoice
        {
            CustomerId = customerId,
            Kind = InvoiceKind.Order,
            OrderId = orderId,
            Status = InvoiceStatus.Draft,
            Currency = currency,
            Country = country,
            CreatedAt = now,
            DueAt = dueAt,
        }.WithLines(lines);
        db.Invoices.Add(invoice);
        return invoice;
    }

    /// <summary>Voids the order's unpaid invoice; returns how many were voided.</summary>
    public static Task<int> VoidUnpaidAsync(AppDbContext db, int orderId, string reason, DateTimeOffset now, CancellationToken ct) =>
        db.Invoices.Where(i => i.OrderId == orderId && (i.Status == InvoiceStatus.Draft || i.Status == InvoiceStatus.Open)).VoidAsync(reason, now, ct);

    /// <summary>
    /// Whether an order invoice can no longer be paid: its order lapsed (the invoice falls due when the order does) or
    /// was cancelled (which voids the invoice).
    /// </summary>
    public static bool Lapsed(Invoice invoice, DateTimeOffset now) =>
        invoice.Kind == InvoiceKind.Order && (invoice.Status == InvoiceStatus.Void || invoice.DueAt <= now);
}
