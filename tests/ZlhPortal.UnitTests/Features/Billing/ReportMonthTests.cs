using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Billing.Reports;

namespace ZlhPortal.UnitTests.Features.Billing;

public sealed class ReportMonthTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_a_range_a_report_covers_the_last_twelve_months_up_to_the_current_one()
    {
        var (range, error) = MonthRange.Parse(null, null, Now);

        Assert.Null(error);
        Assert.Equal("2025-04", range!.From.ToString());
        Assert.Equal("2026-03", range.To.ToString());
        Assert.Equal(12, range.Months.Count());
        Assert.Equal(["2025-12", "2026-01", "2026-02"], MonthRange.Parse("2025-12", "2026-02", Now).Range!.Months.Select(m => m.ToString()));
    }

    [Theory]
    [InlineData("2026-13", "2026-12", "'from' must be a month written yyyy-MM")]
    [InlineData("2026-1", null, "'from' must be a month")]
    [InlineData("26-01", null, "'from' must be a month")]
    [InlineData("1999-12", "2000-01", "'from' must be a month")]
    [InlineData(null, "2026-00", "'to' must be a month")]
    [InlineData(null, "january", "'to' must be a month")]
    [InlineData("2026-05", "2026-04", "is after 'to'")]
    [InlineData("2020-01", "2026-12", "at most 60 months")]
    public void A_bad_range_says_what_to_send(string? from, string? to, string message)
    {
        var (range, error) = MonthRange.Parse(from, to, Now);

        Assert.Null(range);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixty_months_is_the_longest_range() =>
        Assert.Equal(60, MonthRange.Parse("2021-01", "2025-12", Now).Range!.Count);

    [Fact]
    public void A_month_starts_at_midnight_utc_on_its_first_day_and_the_year_turns() =>
        Assert.Equal((new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            (new ReportMonth(2026, 12).Start, new ReportMonth(2026, 12).Next.Start));

    [Theory]
    [InlineData(1234, "EUR", "12.34")]
    [InlineData(5, "EUR", "0.05")]
    [InlineData(-5, "EUR", "-0.05")]
    [InlineData(-1230, "USD", "-12.30")]
    [InlineData(0, "EUR", "0.00")]
    [InlineData(1234, "JPY", "1234")]
    [InlineData(long.MinValue, "EUR", "-92233720368547758.08")]
    public void Export_amounts_are_exact_major_units_with_every_digit(long minor, string currency, string text) =>
        Assert.Equal(text, Money.ToFixedMajorText(minor, currency));

    [Theory]
    [InlineData(1, 3, "33.3")]
    [InlineData(2, 3, "66.7")]
    [InlineData(1, 8, "12.5")]
    [InlineData(1, 16, "6.3")]
    [InlineData(0, 5, "0.0")]
    [InlineData(3, 0, "0.0")]
    [InlineData(4, 2, "200.0")]
    public void The_churn_rate_is_a_percentage_rounded_half_up_to_one_decimal(int churned, int atStart, string rate) =>
        Assert.Equal(rate, RevenueReport.ChurnRate(churned, atStart).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
}
