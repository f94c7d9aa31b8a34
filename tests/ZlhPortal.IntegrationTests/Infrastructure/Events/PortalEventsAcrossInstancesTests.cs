using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.IntegrationTests.Infrastructure.Events;

/// <summary>
/// Two portal instances on one PostgreSQL database: server events published on one reach the subscribers on the
/// other, each instance handles every event once, and a listener whose connection is killed comes back.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class PortalEventsAcrossInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(2);

    private readonly LogRecorder secondLogs = new();
    private readonly PortalAppFactory first = new();
    private readonly PortalAppFactory second;

    public PortalEventsAcrossInstancesTests()
    {
        Assert.True(TestDatabase.IsPostgreSql, $"Instances share events through PostgreSQL; set {TestDatabase.Variable} (tests/run.sh does).");
        second = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString).WithServices(secondLogs.AddTo);
    }

    private PortalEventListener FirstListener => first.Services.GetRequiredService<PortalEventListener>();

    private PortalEventListener SecondListener => second.Services.GetRequiredService<PortalEventListener>();

    public async Task InitializeAsync()
    {
        await ListeningAsync(FirstListener, null);
        await ListeningAsync(SecondListener, null);
    }

    public Task DisposeAsync()
    {
        second.Dispose();
        first.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_status_change_on_one_instance_reaches_the_subscribers_of_the_other_within_two_seconds()
    {
        var owner = await AccountJourney.CreateAsync(first, Roles.Customer);
        var server = await RunningServers.CreateAsync(first.Services, owner);
        var seen = Record(second, change => change.ServerId == server.Id);

        var clock = Stopwatch.StartNew();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ServerStore>().FinishOperationAsync(server.Id, ServerStatus.Stopped, CancellationToken.None);
        }

        await Eventually.UntilAsync(() => Task.FromResult(seen.Count), count => count > 0, Reach, "the change on the second instance");
        Assert.True(clock.Elapsed < Reach, $"arrived after {clock.Elapsed}");
        Assert.Contains(new ServerChanged(server.Id, server.OwnerId), seen);
        await using var secondScope = second.Services.CreateAsyncScope();
        Assert.Equal(ServerStatus.Stopped, (await secondScope.ServiceProvider.GetRequiredService<ServerDirectory>().FindAsync(server.Id, null))?.Status);
    }

    [Fact]
    public async Task Each_instance_handles_an_event_once_whether_published_there_or_elsewhere()
    {
        var onFirst = Record(first, Made);
        var onSecond = Record(second, Made);
        var fromFirst = new ServerChanged(-1, "published on the first");
        var fromSecond = new ServerChanged(-2, "published on the second");

        await first.Services.GetRequiredService<ServerEvents>().PublishAsync(fromFirst);
        await Eventually.UntilAsync(() => Task.FromResult(onSecond.Count), count => count > 0, Reach, "the first's event on the second");
        await second.Services.GetRequiredService<ServerEvents>().PublishAsync(fromSecond);
        // Notifications arrive in the order they were sent: once the second's is in, the first's own came back before it.
        await Eventually.UntilAsync(() => Task.FromResult(onFirst.Count), count => count > 1, Reach, "the second's event on the first");

        Assert.Equal(new[] { fromFirst, fromSecond }, onFirst);
        Assert.Equal(new[] { fromFirst, fromSecond }, onSecond);
    }

    [Fact]
    public async Task A_listener_whose_connection_is_killed_reconnects_and_later_events_still_arrive()
    {
        var before = SecondListener.ListeningSince;
        await using (var connection = new NpgsqlConnection(first.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
            kill.Parameters.AddWithValue("name", PortalEventListener.ApplicationName);
            Assert.Equal(2L, await kill.ExecuteScalarAsync());
        }

        await ListeningAsync(SecondListener, before);
        var seen = Record(second, Made);
        var change = new ServerChanged(-3, "after the reconnect");
        await first.Services.GetRequiredService<ServerEvents>().PublishAsync(change);

        await Eventually.UntilAsync(() => Task.FromResult(seen.Count), count => count > 0, Reach, "the event after the reconnect");
        Assert.Equal(change, Assert.Single(seen));
        Assert.Contains(secondLogs.Entries, e => e.Category == typeof(PortalEventListener).FullName && e.Message.StartsWith("The portal-wide events listener lost", StringComparison.Ordinal));
    }

    /// <summary>Waits until <paramref name="listener"/> listens on a connection opened after <paramref name="before"/>.</summary>
    private static Task ListeningAsync(PortalEventListener listener, DateTimeOffset? before) =>
        Eventually.UntilAsync(() => Task.FromResult(listener.ListeningSince), since => since is not null && (before is null || since > before),
            TimeSpan.FromSeconds(15), "the listener listening");

    /// <summary>Changes made up by these tests (no server has a negative id), never one a background job publishes.</summary>
    private static bool Made(ServerChanged change) => change.ServerId < 0;

    /// <summary>The server changes matching <paramref name="filter"/> that the portal's subscribers see from now on, in order.</summary>
    private static ConcurrentQueue<ServerChanged> Record(PortalAppFactory portal, Func<ServerChanged, bool> filter)
    {
        var seen = new ConcurrentQueue<ServerChanged>();
        portal.Services.GetRequiredService<ServerEvents>().Changed += change =>
        {
            if (filter(change))
            {
                seen.Enqueue(change);
            }

            return Task.CompletedTask;
        };
        return seen;
    }
}
