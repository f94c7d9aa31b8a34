using Hangfire.Server;

namespace ZlhPortal.Web.Infrastructure.Jobs;

/// <summary>
/// Puts everything a job logs while it runs in a scope with its <c>JobId</c> and a <c>CorrelationId</c> made from it,
/// so one run (and its retries, which keep the id) can be followed through the logs.
/// </summary>
public sealed class JobLogScope(ILoggerFactory loggers) : IServerFilter
{
    private const string ScopeItem = "zlh:log-scope";

    private readonly ILogger logger = loggers.CreateLogger("ZlhPortal.Jobs");

    public void OnPerforming(PerformingContext context)
    {
        var id = context.BackgroundJob.Id;
        context.Items[ScopeItem] = logger.BeginScope("JobId:{JobId} CorrelationId:{CorrelationId}", id, $"job-{id}");
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.Remove(ScopeItem, out var scope))
        {
            (scope as IDisposable)?.Dispose();
        }
    }
}
