using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Metrics;

/// <summary>
/// The portal's own meter, <c>ZlhPortal</c>, and the instruments of the plumbing (jobs, runtime calls). Features add
/// their instruments to <see cref="Meter"/> from a class registered with <see cref="MetricsSetup.AddMetricsSource{T}"/>.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "ZlhPortal";

    private readonly TimeSpan gaugeCacheDuration;
    private readonly Counter<long> jobsFailed;
    private readonly Counter<long> runtimeRequests;

    public PortalMetrics(IMeterFactory meters, IOptions<MetricsOptions> options)
    {
        gaugeCacheDuration = options.Value.GaugeCacheDuration;
        Meter = meters.Create(MeterName);
        jobsFailed = Meter.CreateCounter<long>("zlh_jobs_failed", description: "Background job runs that ended in an exception (retried or not), by job class.");
        runtimeRequests = Meter.CreateCounter<long>("zlh_runtime_requests",
            description: "HTTP requests to the runtime (each attempt), by target (proxmox, agent, dns) and outcome (success, http_error, network_error, timeout).");
    }

    public Meter Meter { get; }

    /// <summary>A database count for an observable gauge, read at most once per <see cref="MetricsOptions.GaugeCacheDuration"/>.</summary>
    public CachedReading<T> Cached<T>(Func<T> read) => new(read, gaugeCacheDuration);

    public void JobFailed(string job) => jobsFailed.Add(1, new KeyValuePair<string, object?>("job", job));

    public void RuntimeRequest(string target, string outcome) =>
        runtimeRequests.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("outcome", outcome));
}
