namespace ZlhPortal.Web.Features.Billing.Tax;

/// <summary>Tax for customers billed in a country (ISO 3166 alpha-2).</summary>
public sealed class TaxRate
{
    public string Country { get; set; } = "";

    public string Name { get; set; } = "VAT";

    public decimal RatePercent { get; set; }
}
