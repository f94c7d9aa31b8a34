using System.Globalization;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>The reports as CSV files: one line per month, amounts in major units ("12.30") beside the currency.</summary>
public static class ReportCsv
{
    /// <summary>The month's figures, then one <c>tax_XX</c> column per billing country seen in the range (<c>tax_none</c> for invoices without one).</summary>
    public static string Revenue(RevenueByMonth report)
    {
        var countries = report.Months.SelectMany(m => m.TaxByCountry).Select(t => t.Country).Distinct()
            .OrderBy(c => c is null).ThenBy(c => c, StringComparer.Ordinal).ToList();
        string[] header = ["month", "currency", "invoiced", "collected", "refunded", "credit_notes", "net", .. countries.Select(c => "tax_" + (c ?? "none"))];
        return Csv.Write(header, report.Months.Select(m => (IEnumerable<string?>)
        [
            m.Month, report.Currency, Amount(m.InvoicedMinor), Amount(m.CollectedMinor), Amount(m.RefundedMinor), Amount(m.CreditNotesMinor), Amount(m.NetMinor),
            .. countries.Select(c => Amount(m.TaxByCountry.FirstOrDefault(t => t.Country == c)?.TaxMinor ?? 0)),
        ]));

        string Amount(long minor) => Money.ToFixedMajorText(minor, report.Currency);
    }

    public static string Recurring(RecurringByMonth report) =>
        Csv.Write(["month", "currency", "mrr", "active", "active_at_start", "new", "churned", "churn_rate_percent"], report.Months.Select(m => (IEnumerable<string?>)
        [
            m.Month, report.Currency, Money.ToFixedMajorText(m.MonthlyRecurringMinor, report.Currency), Number(m.Active), Number(m.ActiveAtStart), Number(m.New),
            Number(m.Churned), m.ChurnRatePercent.ToString("0.0", CultureInfo.InvariantCulture),
        ]));

    public static string FileName(string report, MonthRange range) => $"{report}-{range.From}-to-{range.To}.csv";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
