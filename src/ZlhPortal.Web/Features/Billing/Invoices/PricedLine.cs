namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>One priced line before it is stored: net amount in minor units, the tax on it and the rate used.</summary>
public sealed record PricedLine(string Description, long NetMinor, decimal TaxRatePercent, long TaxMinor)
{
    public long TotalMinor => NetMinor + TaxMinor;
}
