namespace ZlhPortal.Benchmarks.Runtime;

internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";
}
