namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>
/// One billing country's share of a month's invoices and credit notes (top-ups apart: the tax is on what the credit
/// later pays). Credit notes count negative, so these are what is owed for the month.
/// </summary>
/// <param name="Country">The country stored on the invoices; null where none was.</param>
public sealed record CountryTax(string? Country, long NetSalesMinor, long TaxMinor);
