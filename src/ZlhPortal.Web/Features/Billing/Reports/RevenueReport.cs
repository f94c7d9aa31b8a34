using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>
/// Revenue by calendar month (UTC): invoiced, collected, refunded to cards, credit notes, and tax by billing country.
/// Each figure is counted as <see cref="BillingAdministration.RevenueAsync"/> counts the current month, so the
/// report's current month and the dashboard agree. And the subscription base month by month: recurring revenue,
/// subscriptions running, started and ended, and the churn rate.
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

    /// <summary>
    /// A subscription runs from its creation until it ends; a suspended one (waiting for payment) still counts until
    /// the billing run ends it, and each counts at its current list price (earlier plan changes are not kept).
    /// </summary>
    public async Task<RecurringByMonth> RecurringAsync(MonthRange range, CancellationToken ct = default)
    {
        var start = range.From.Start;
        var end = range.To.Next.Start;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every subscription that ran at some moment of the range: one row each, grouped here.
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.CreatedAt < end && (s.EndedAt == null || s.EndedAt >= start))
            .Select(s => new { s.CreatedAt, s.EndedAt, s.MonthlyPriceMinor })
            .ToListAsync(ct);

        var months = range.Months.Select(month =>
        {
            var (from, to) = (month.Start, month.Next.Start);
            var atStart = subscriptions.Count(s => RunningAt(s.CreatedAt, s.EndedAt, from));
            var atEnd = subscriptions.Where(s => RunningAt(s.CreatedAt, s.EndedAt, to)).ToList();
            var churned = subscriptions.Count(s => s.EndedAt >= from && s.EndedAt < to);
            return new RecurringMonth(
                month.ToString(),
                atEnd.Sum(s => s.MonthlyPriceMinor),
                atEnd.Count,
                atStart,
                subscriptions.Count(s => s.CreatedAt >= from && s.CreatedAt < to),
                churned,
                ChurnRate(churned, atStart));
        }).ToList();
        return new RecurringByMonth(range.From.ToString(), range.To.ToString(), options.Value.Currency, months);
    }

    /// <summary>Churned ÷ at start in percent, rounded half up to one decimal in whole numbers (no binary fractions).</summary>
    public static decimal ChurnRate(int churned, int atStart) =>
        atStart == 0 ? 0m : (churned * 2000L + atStart) / (2L * atStart) / 10m;

    // Started before the moment and not ended before it, so one started or ended at midnight on the 1st is that
    // month's new or churned, and the month-end count is the start count plus new less churned.
    private static bool RunningAt(DateTimeOffset createdAt, DateTimeOffset? endedAt, DateTimeOffset moment) =>
        createdAt < moment && (endedAt is null || endedAt >= moment);
}
