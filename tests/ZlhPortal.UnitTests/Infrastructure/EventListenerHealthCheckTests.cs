using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.UnitTests.Infrastructure;

public sealed class EventListenerHealthCheckTests
{
    private static async Task<HealthCheckResult> CheckAsync(DatabaseProvider provider)
    {
        var database = Options.Create(new DatabaseOptions { Provider = provider, ConnectionString = provider == DatabaseProvider.PostgreSql ? "Host=localhost" : null });
        var events = new PortalEvents(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), [], database, NullLogger<PortalEvents>.Instance);
        // Never started: as while its connection is down and it waits to reconnect.
        var listener = new PortalEventListener(events, database, NullLogger<PortalEventListener>.Instance);
        return await new EventListenerHealthCheck(listener, database).CheckHealthAsync(new HealthCheckContext());
    }

    [Fact]
    public async Task An_instance_on_postgresql_that_does_not_hear_the_others_reports_degraded()
    {
        var result = await CheckAsync(DatabaseProvider.PostgreSql);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("re-check", result.Description);
    }

    [Fact]
    public async Task A_single_sqlite_instance_has_nobody_to_hear_and_is_healthy()
    {
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(DatabaseProvider.Sqlite)).Status);
    }
}
