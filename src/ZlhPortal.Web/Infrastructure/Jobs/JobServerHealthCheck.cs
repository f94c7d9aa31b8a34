using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZlhPortal.Web.Infrastructure.Jobs;

/// <summary>
/// Whether a job server is processing: one has sent a heartbeat within <see cref="HeartbeatWindow"/>. The storage is this
/// host's own (in memory), so any server in it is ours; with a storage shared by several portals, any live server will do.
/// </summary>
public sealed class JobServerHealthCheck(JobStorage storage) : IHealthCheck
{
    public static readonly TimeSpan HeartbeatWindow = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Hangfire stamps heartbeats with the system clock, so they are compared with it, not with the portal's (in tests
        // movable) TimeProvider.
        var since = TimeProvider.System.GetUtcNow().UtcDateTime - HeartbeatWindow;
        var servers = storage.GetMonitoringApi().Servers();
        var live = servers.Count(s => s.Heartbeat >= since);
        return Task.FromResult(live > 0
            ? HealthCheckResult.Healthy($"{live} job server(s) processing")
            : new HealthCheckResult(context.Registration.FailureStatus,
                servers.Count == 0 ? "No job server is running" : $"No job server has sent a heartbeat within {HeartbeatWindow.TotalSeconds:0} s"));
    }
}
