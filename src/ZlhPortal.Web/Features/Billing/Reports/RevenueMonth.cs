namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>
/// One month of revenue, in minor units, counted as the dashboard's <see cref="RevenueSummary"/> counts the current month.
/// </summary>
/// <param name="Month">The calendar month (UTC), <c>yyyy-MM</c>.</param>
/// <param name="NetMinor">Collected less refunded to cards.</param>
public sealed record RevenueMonth(
    string Month, long InvoicedMinor, long CollectedMinor, long RefundedMinor, long CreditNotesMinor, long NetMinor, IReadOnlyList<CountryTax> TaxByCountry);
