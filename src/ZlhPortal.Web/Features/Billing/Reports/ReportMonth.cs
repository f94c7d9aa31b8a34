using System.Globalization;

namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>A calendar month in UTC, written <c>2026-01</c> in reports, URLs and CSV files.</summary>
public readonly record struct ReportMonth(int Year, int Month) : IComparable<ReportMonth>
{
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    public ReportMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public static ReportMonth Of(DateTimeOffset moment)
    {
        var utc = moment.UtcDateTime;
        return new(utc.Year, utc.Month);
    }

    public ReportMonth AddMonths(int months)
    {
        var index = Year * 12 + Month - 1 + months;
        return new(index / 12, index % 12 + 1);
    }

    /// <summary>Months from this one to <paramref name="other"/>, both included (0 when other is earlier).</summary>
    public int CountTo(ReportMonth other) => Math.Max(0, other.Year * 12 + other.Month - (Year * 12 + Month) + 1);

    /// <summary>Reads <c>yyyy-MM</c> (years 2000 to 9998); null for anything else.</summary>
    public static ReportMonth? Parse(string? text) =>
        text is { Length: 7 } && text[4] == '-'
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && year is >= 2000 and <= 9998 && month is >= 1 and <= 12
            ? new ReportMonth(year, month)
            : null;

    public int CompareTo(ReportMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(ReportMonth left, ReportMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(ReportMonth left, ReportMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(ReportMonth left, ReportMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ReportMonth left, ReportMonth right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
