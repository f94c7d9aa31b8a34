using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Events;

/// <summary>
/// Whether this instance hears the others (PostgreSQL): degraded while its listener has no connection, since
/// revocations and status changes from other instances then arrive only with the periodic re-check. Degraded, not
/// unhealthy: the instance still serves correctly, and a load balancer should not pull it for this.
/// </summary>
public sealed class EventListenerHealthCheck(PortalEventListener listener, IOptions<DatabaseOptions> database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Value.Provider != DatabaseProvider.PostgreSql
            ? HealthCheckResult.Healthy("One instance (SQLite): nothing to listen for")
            : listener.ListeningSince is { } since
                ? HealthCheckResult.Healthy($"Listening for other instances' events since {since:u}")
                : HealthCheckResult.Degraded("Not listening for other instances' events (reconnecting); revocations from them arrive with the periodic re-check"));
}
