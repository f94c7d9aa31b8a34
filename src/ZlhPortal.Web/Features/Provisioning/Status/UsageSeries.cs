namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>A server's usage over one timeframe, oldest point first, or why there is none.</summary>
public sealed record UsageSeries(UsageTimeframe Timeframe, UsageSeriesState State, IReadOnlyList<UsagePoint> Points, string? Reason)
{
    public static UsageSeries Read(UsageTimeframe timeframe, IReadOnlyList<UsagePoint> points) => new(timeframe, UsageSeriesState.Read, points, null);

    public static UsageSeries Empty(UsageTimeframe timeframe, UsageSeriesState state, string? reason) => new(timeframe, state, [], reason);
}
