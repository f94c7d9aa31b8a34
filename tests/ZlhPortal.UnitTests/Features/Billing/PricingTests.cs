using System.Globalization;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing;

namespace ZlhPortal.UnitTests.Features.Billing;

public sealed class PricingTests
{
    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(699, 19, 133)]   // 132.81 → 133
    [InlineData(1000, 19, 190)]
    [InlineData(50, 19, 10)]     // 9.5 rounds half away from zero
    [InlineData(-350, 19, -67)]  // a discount line carries negative tax: -66.5 → -67
    [InlineData(999, 0, 0)]
    [InlineData(1, 7.7, 0)]
    public void Tax_is_rounded_to_the_cent_half_away_from_zero(long net, double rate, long expected) =>
        Assert.Equal(expected, Pricing.Tax(net, (decimal)rate));

    [Fact]
    public void Lines_always_add_up_to_the_total_shown()
    {
        var lines = new[] { Pricing.Line("Plan", 699, 19m), Pricing.Line("Setup", 250, 19m), Pricing.Line("Coupon", -350, 19m) };
        Assert.Equal(lines.Sum(l => l.TotalMinor), lines.Sum(l => l.NetMinor) + lines.Sum(l => l.TaxMinor));
        Assert.Equal(599 + 114, lines.Sum(l => l.TotalMinor));
    }

    [Theory]
    [InlineData(699, DiscountKind.Percent, 50, 350)]
    [InlineData(699, DiscountKind.Percent, 100, 699)]
    [InlineData(699, DiscountKind.Percent, 150, 699)]  // never more than the price
    [InlineData(699, DiscountKind.Fixed, 200, 200)]
    [InlineData(699, DiscountKind.Fixed, 5000, 699)]
    [InlineData(699, DiscountKind.Fixed, -10, 0)]     // never negative
    [InlineData(0, DiscountKind.Percent, 50, 0)]
    public void Coupon_discounts_stay_between_zero_and_the_price(long price, DiscountKind kind, double value, long expected) =>
        Assert.Equal(expected, Pricing.Discount(price, kind, (decimal)value));

    [Theory]
    [InlineData(2026, 1, 31, 2026, 2, 28)]  // short month
    [InlineData(2028, 1, 31, 2028, 2, 29)]  // leap year
    [InlineData(2026, 2, 28, 2026, 3, 28)]
    [InlineData(2026, 12, 15, 2027, 1, 15)]
    public void A_monthly_period_ends_on_the_same_day_next_month_or_the_months_last_day(int y, int m, int d, int ey, int em, int ed) =>
        Assert.Equal(Utc(ey, em, ed), Pricing.PeriodEnd(Utc(y, m, d)));

    [Fact]
    public void An_upgrade_half_way_through_a_30_day_month_costs_half_the_difference()
    {
        // April has 30 days; 15 left on the 15th.
        Assert.Equal(250, Pricing.Prorate(1000, 1500, Utc(2026, 4, 1), Utc(2026, 5, 1), Utc(2026, 4, 16)));
    }

    [Fact]
    public void Proration_counts_the_days_of_the_actual_period()
    {
        // February 2026: 28 days, 14 left → exactly half. February 2028 (leap): 29 days, 14 left → 14/29.
        Assert.Equal(500, Pricing.Prorate(1000, 2000, Utc(2026, 2, 1), Utc(2026, 3, 1), Utc(2026, 2, 15)));
        Assert.Equal(483, Pricing.Prorate(1000, 2000, Utc(2028, 2, 1), Utc(2028, 3, 1), Utc(2028, 2, 16)));
        // 31-day month: 10 of 31 days left of a 9.99 difference = 3.2226 → 3.22.
        Assert.Equal(322, Pricing.Prorate(0, 999, Utc(2026, 1, 1), Utc(2026, 2, 1), Utc(2026, 1, 22)));
    }

    [Fact]
    public void A_change_on_the_periods_first_day_costs_the_whole_difference_and_on_its_last_moment_nothing()
    {
        Assert.Equal(500, Pricing.Prorate(1000, 1500, Utc(2026, 4, 1), Utc(2026, 5, 1), Utc(2026, 4, 1)));
        Assert.Equal(0, Pricing.Prorate(1000, 1500, Utc(2026, 4, 1), Utc(2026, 5, 1), Utc(2026, 5, 1)));
    }

    [Fact]
    public void A_downgrade_prorates_to_a_negative_amount_the_customer_is_owed() =>
        Assert.Equal(-250, Pricing.Prorate(1500, 1000, Utc(2026, 4, 1), Utc(2026, 5, 1), Utc(2026, 4, 16)));

    [Fact]
    public void Money_is_formatted_in_the_readers_culture_with_the_installations_currency()
    {
        Assert.Equal("€1,234.50", Money.Format(123450, "EUR", CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal("1.234,50 €", Money.Format(123450, "EUR", CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal("-€3.50", Money.Format(-350, "EUR", CultureInfo.GetCultureInfo("en-US")));
    }

    [Theory]
    [InlineData("12.50", 1250L)]
    [InlineData("0.01", 1L)]
    [InlineData("-3", -300L)]
    [InlineData("1.005", null)]      // fractions of a cent are refused, not rounded away
    [InlineData("abc", null)]
    [InlineData("9999999999999", null)]
    [InlineData(null, null)]
    public void Amounts_typed_by_people_parse_to_whole_cents_or_not_at_all(string? text, long? expected) =>
        Assert.Equal(expected, Money.ParseMajor(text, "EUR"));

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("4000000000000002", true)]
    [InlineData("4242424242424241", false)]
    public void Card_numbers_are_checked_with_luhn(string number, bool valid) => Assert.Equal(valid, TestCardGateway.LuhnValid(number));

    [Fact]
    public void Invoice_numbers_are_per_year_and_zero_padded() => Assert.Equal("2026-000042", InvoiceNumbers.Format(2026, 42));
}
