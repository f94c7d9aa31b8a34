using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// <c>zlh_provisioning_duration_seconds</c> (from order to running) and <c>zlh_server_operations_stuck</c>: servers whose
/// work made no progress for <see cref="RuntimeStatusOptions.StuckAfter"/>, the ones the reconciler resumes.
/// </summary>
public sealed class ProvisioningMetrics
{
    private readonly Histogram<double> provisioningDuration;

    public ProvisioningMetrics(PortalMetrics metrics, IDbContextFactory<AppDbContext> dbFactory, IOptions<RuntimeStatusOptions> status, TimeProvider time)
    {
        provisioningDuration = metrics.Meter.CreateHistogram("zlh_provisioning_duration", unit: "s",
            description: "Time from a server's creation to its first start, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600] });
        var stuck = metrics.Cached(() =>
        {
            using var db = dbFactory.CreateDbContext();
            var stuckBefore = time.GetUtcNow() - status.Value.StuckAfter;
            // Few rows have work in progress; their times are compared here, as the reconciler does: the stored form does not sort by time.
            return db.Servers.AsNoTracking().Where(ReconcileServersJob.Unfinished).Select(s => s.UpdatedAt).AsEnumerable().Count(at => at < stuckBefore);
        });
        metrics.Meter.CreateObservableGauge("zlh_server_operations_stuck", () => stuck.Get(),
            description: "Servers whose provisioning, deletion or power operation made no progress within Provisioning:Status:StuckAfter.");
    }

    public void Provisioned(TimeSpan duration) => provisioningDuration.Record(Math.Max(0, duration.TotalSeconds));
}
