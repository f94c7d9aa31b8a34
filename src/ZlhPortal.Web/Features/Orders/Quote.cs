using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>What a new server costs a customer: the first invoice's lines, before anything is stored.</summary>
public sealed record Quote(
    Plan Plan, Template Template, string ServerName, IReadOnlyList<PricedLine> Lines, Coupon? Coupon, string Country, decimal TaxRatePercent,
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd)
{
    public string Currency => Plan.Currency;

    public long SubtotalMinor => Lines.Sum(l => l.NetMinor);

    public long TaxMinor => Lines.Sum(l => l.TaxMinor);

    public long TotalMinor => SubtotalMinor + TaxMinor;

    /// <summary>What each later month costs (after the coupon, when it keeps applying), tax included.</summary>
    public long RenewalMinor { get; init; }
}
