namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>
/// The arithmetic of money: every amount is a whole number of minor units (cents) and every rounding is half away
/// from zero to the cent, done once per line so the lines always add up to the total shown.
/// </summary>
public static class Pricing
{
    public const long MaxAmountMinor = 100_000_000_00; // 100 million in major units: anything larger is a mistake.

    public static long Round(decimal minor) => (long)decimal.Round(minor, 0, MidpointRounding.AwayFromZero);

    /// <summary>Tax on a net amount at a percentage rate (19.0 = 19 %).</summary>
    public static long Tax(long netMinor, decimal ratePercent) => Round(netMinor * ratePercent / 100m);

    public static PricedLine Line(string description, long netMinor, decimal taxRatePercent) =>
        new(description, netMinor, taxRatePercent, Tax(netMinor, taxRatePercent));

    /// <summary>The discount a coupon gives on a price: never more than the price, never negative.</summary>
    public static long Discount(long priceMinor, DiscountKind kind, decimal value)
    {
        if (priceMinor <= 0 || value <= 0)
        {
            return 0;
        }

        var discount = kind == DiscountKind.Percent ? Round(priceMinor * Math.Min(value, 100m) / 100m) : Round(value);
        return Math.Min(discount, priceMinor);
    }

    /// <summary>
    /// The end of a monthly period that starts at <paramref name="start"/>: the same day next month, or the month's
    /// last day when it is shorter (31 Jan → 28/29 Feb).
    /// </summary>
    public static DateTimeOffset PeriodEnd(DateTimeOffset start) => start.AddMonths(1);

    /// <summary>
    /// What a plan change costs now: the monthly price difference divided by the days in the current period,
    /// times the days left (counted in whole days from the change to the period's end; a change on the period's
    /// first day costs the whole difference). Negative for a downgrade (the credit owed).
    /// </summary>
    public static long Prorate(long oldMonthlyMinor, long newMonthlyMinor, DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset changeAt)
    {
        if (periodEnd <= periodStart)
        {
            throw new ArgumentException("The period must end after it starts.", nameof(periodEnd));
        }

        var daysInPeriod = (periodEnd.UtcDateTime.Date - periodStart.UtcDateTime.Date).Days;
        var at = changeAt < periodStart ? periodStart : changeAt > periodEnd ? periodEnd : changeAt;
        var daysLeft = (periodEnd.UtcDateTime.Date - at.UtcDateTime.Date).Days;
        return Round((newMonthlyMinor - oldMonthlyMinor) * (decimal)daysLeft / daysInPeriod);
    }
}
