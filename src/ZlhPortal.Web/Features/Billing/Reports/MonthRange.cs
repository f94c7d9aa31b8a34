namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>The months a report covers, both ends included.</summary>
public sealed record MonthRange(ReportMonth From, ReportMonth To)
{
    public const int MaxMonths = 60;

    public const int DefaultMonths = 12;

    public int Count => From.CountTo(To);

    public IEnumerable<ReportMonth> Months => Enumerable.Range(0, Count).Select(From.AddMonths);

    /// <summary>
    /// The range asked for as <c>yyyy-MM</c> texts; a missing end defaults to the current month, a missing start to
    /// <see cref="DefaultMonths"/> months up to the end. The error says what to send instead.
    /// </summary>
    public static (MonthRange? Range, string? Error) Parse(string? from, string? to, DateTimeOffset now)
    {
        ReportMonth? end = string.IsNullOrWhiteSpace(to) ? ReportMonth.Of(now) : ReportMonth.Parse(to.Trim());
        if (end is null)
        {
            return (null, $"'to' must be a month written yyyy-MM (e.g. {ReportMonth.Of(now)}), from 2000-01 to 9998-12.");
        }

        ReportMonth? start = string.IsNullOrWhiteSpace(from) ? end.Value.AddMonths(1 - DefaultMonths) : ReportMonth.Parse(from.Trim());
        if (start is null)
        {
            return (null, $"'from' must be a month written yyyy-MM (e.g. {ReportMonth.Of(now).AddMonths(1 - DefaultMonths)}), from 2000-01 to 9998-12.");
        }

        if (start > end)
        {
            return (null, $"'from' ({start}) is after 'to' ({end}); give the earlier month first.");
        }

        var range = new MonthRange(start.Value, end.Value);
        return range.Count > MaxMonths
            ? (null, $"A report covers at most {MaxMonths} months; {start} to {end} is {range.Count}. Ask for a shorter range.")
            : (range, null);
    }
}
