namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary><c>GET /api/v1/servers/{id}/metrics</c>: the timeframe's points, oldest first, and why there are none when there are none.</summary>
public sealed record UsageResponse(string Timeframe, IReadOnlyList<UsagePoint> Points, string? Reason)
{
    public static UsageResponse From(UsageSeries series) =>
        new(series.Timeframe.ToString().ToLowerInvariant(), series.Points, series.Reason);
}
