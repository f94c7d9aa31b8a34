using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>Gap-free invoice numbers per calendar year (<c>2026-000001</c>, …), assigned inside the issuing transaction.</summary>
public static class InvoiceNumbers
{
    /// <summary>Numbers the invoices in order; call inside a transaction that also saves them.</summary>
    public static async Task AssignAsync(AppDbContext db, IReadOnlyList<Invoice> invoices, DateTimeOffset issuedAt, CancellationToken ct)
    {
        if (invoices.Count == 0)
        {
            return;
        }

        var year = issuedAt.UtcDateTime.Year;
        var last = await db.Invoices.Where(i => i.NumberYear == year).MaxAsync(i => i.NumberSequence, ct) ?? 0;
        foreach (var invoice in invoices)
        {
            last++;
            invoice.NumberYear = year;
            invoice.NumberSequence = last;
            invoice.Number = Format(year, last);
            invoice.IssuedAt = issuedAt;
        }
    }

    public static string Format(int year, int sequence) => $"{year}-{sequence:D6}";
}
