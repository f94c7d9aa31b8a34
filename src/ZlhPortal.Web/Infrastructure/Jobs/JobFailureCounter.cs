using Hangfire.Server;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Infrastructure.Jobs;

/// <summary>Counts job runs that threw, in <c>zlh_jobs_failed_total</c>: each failed attempt, whether Hangfire retries it or not.</summary>
public sealed class JobFailureCounter(PortalMetrics metrics) : IServerFilter
{
    public void OnPerforming(PerformingContext context)
    {
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Exception is not null && !context.Canceled)
        {
            metrics.JobFailed(context.BackgroundJob.Job.Type.Name);
        }
    }
}
