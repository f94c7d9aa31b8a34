using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

/// <summary>What a plan change costs: positive is charged now, negative is credited; tax included.</summary>
public sealed record PlanChangeQuote(Plan From, Plan To, long NetMinor, long TaxMinor, decimal TaxRatePercent, DateTimeOffset PeriodEnd, int DaysLeft, string Currency)
{
    public long AmountMinor => NetMinor + TaxMinor;

    public bool IsUpgrade => To.MonthlyPriceMinor > From.MonthlyPriceMinor;
}
