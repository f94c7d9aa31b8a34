using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>
/// Revenue by calendar month (UTC): invoiced, collected, refunded to cards, credit notes, and tax by billing country.
/// Each figure is counted as <see cref="BillingAdministration.RevenueAsync"/> counts the current month, so the
/// report's current month and the dashboard agree.
/// </summary>
public sealed class RevenueReport(IDbContextFactory<AppDbContext> dbFactory, IOptions<BillingOptions> options)
{
    public async Task<RevenueByMonth> RevenueAsync(MonthRange range, CancellationToken ct = default)
    {
        var start = range.From.Start;
        var end = range.To.Next.Start;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // At most a few years of one installation's invoices and payments, grouped here rather than in SQL: month
        // arithmetic differs between SQLite (timestamps stored as numbers) and PostgreSQL.
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.IssuedAt >= start && i.IssuedAt < end && i.Status != InvoiceStatus.Void)
            .Select(i => new { IssuedAt = i.IssuedAt!.Value, i.Kind, i.Country, i.SubtotalMinor, i.TaxMinor, i.TotalMinor })
            .ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.CreatedAt >= start && p.CreatedAt < end
                && ((p.AmountMinor > 0 && p.Status != PaymentStatus.Failed) || (p.AmountMinor < 0 && p.Status == PaymentStatus.Refunded)))
            .Select(p => new { p.CreatedAt, p.AmountMinor })
            .ToListAsync(ct);

        var invoicesByMonth = invoices.ToLookup(i => ReportMonth.Of(i.IssuedAt));
        var paymentsByMonth = payments.ToLookup(p => ReportMonth.Of(p.CreatedAt));
        var months = range.Months.Select(month =>
        {
            var issued = invoicesByMonth[month].ToList();
            var paid = paymentsByMonth[month].ToList();
            var collected = paid.Where(p => p.AmountMinor > 0).Sum(p => p.AmountMinor);
            var refunded = -paid.Where(p => p.AmountMinor < 0).Sum(p => p.AmountMinor);
            var tax = issued.Where(i => i.Kind != InvoiceKind.TopUp)
                .GroupBy(i => i.Country)
                .Select(g => new CountryTax(g.Key, g.Sum(i => i.SubtotalMinor), g.Sum(i => i.TaxMinor)))
                .OrderBy(t => t.Country is null).ThenBy(t => t.Country, StringComparer.Ordinal)
                .ToList();
            return new RevenueMonth(
                month.ToString(),
                issued.Where(i => i.Kind != InvoiceKind.CreditNote).Sum(i => i.TotalMinor),
                collected,
                refunded,
                -issued.Where(i => i.Kind == InvoiceKind.CreditNote).Sum(i => i.TotalMinor),
                collected - refunded,
                tax);
        }).ToList();
        return new RevenueByMonth(range.From.ToString(), range.To.ToString(), options.Value.Currency, months);
    }
}
