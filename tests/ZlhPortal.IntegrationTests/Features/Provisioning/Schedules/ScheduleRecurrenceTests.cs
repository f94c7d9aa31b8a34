using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Schedules;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Schedules;

/// <summary>
/// When schedules come round on a fake clock, in their own time zone across a change to summer time, and that a
/// restart (the in-memory job store starts empty) registers every enabled schedule again from the database.
/// </summary>
public sealed class ScheduleRecurrenceTests : IDisposable
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // Berlin moves its clocks from 02:00 CET to 03:00 CEST in the night to Sunday 29 March 2026.
    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
    private PortalAppFactory? restarted;

    [Fact]
    public async Task The_next_run_is_at_the_schedule_s_local_time_before_and_after_the_clocks_change()
    {
        var (owner, server) = await ServerAsync();
        var daily = await CreateAsync(server.Id, owner, "0 4 * * *", "Europe/Berlin");
        var inTheGap = await CreateAsync(server.Id, owner, "30 2 * * *", "Europe/Berlin");
        var utc = await CreateAsync(server.Id, owner, "0 4 * * *", "UTC");

        var friday = await NextRunsAsync(server.Id, owner);
        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var saturday = await NextRunsAsync(server.Id, owner);
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero));
        var sunday = await NextRunsAsync(server.Id, owner);

        // 04:00 in Berlin is 03:00 UTC in winter and 02:00 UTC in summer; UTC stays put.
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 3, 0, 0, TimeSpan.Zero), friday[daily]);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero), saturday[daily]);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), saturday[utc]);
        // 02:30 does not exist on the Sunday: the run comes at 03:00 CEST, once, and at 02:30 CEST again the next day.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), saturday[inTheGap]);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero), sunday[inTheGap]);
        Assert.Equal(TimeSpan.FromHours(2), Berlin.GetUtcOffset(sunday[inTheGap]!.Value));
    }

    [Fact]
    public async Task A_restart_registers_every_enabled_schedule_again_with_its_cron_and_time_zone_and_drops_stale_ones()
    {
        var (owner, server) = await ServerAsync();
        var enabled = await CreateAsync(server.Id, owner, "15 5 * * 1-5", "Europe/Berlin");
        var disabled = await CreateAsync(server.Id, owner, "0 3 * * *", "America/New_York", enabled: false);
        var recurring = factory.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<RunScheduleJob>(RecurringSchedules.JobId(999_999), job => job.RunAsync(999_999, CancellationToken.None), "0 0 * * *");
        foreach (var job in Registry(factory))
        {
            recurring.RemoveIfExists(job.Id);
        }

        Assert.DoesNotContain(Registry(factory), j => j.Id.StartsWith(RecurringSchedules.JobIdPrefix, StringComparison.Ordinal));
        recurring.AddOrUpdate<RunScheduleJob>(RecurringSchedules.JobId(999_999), job => job.RunAsync(999_999, CancellationToken.None), "0 0 * * *");
        await factory.Services.GetRequiredService<RecurringSchedules>().SyncAsync(CancellationToken.None);
        var synced = Schedules(factory);

        // A second portal on the same database starts with an empty in-memory job store, as after a restart.
        restarted = new PortalAppFactory().WithSetting("Database:ConnectionString", factory.DatabaseConnectionString);
        _ = restarted.Services;
        var afterRestart = Schedules(restarted);

        foreach (var registry in new[] { synced, afterRestart })
        {
            var job = Assert.Single(registry);
            Assert.Equal((RecurringSchedules.JobId(enabled), "15 5 * * 1-5", "Europe/Berlin"), (job.Id, job.Cron, job.TimeZoneId));
            Assert.Equal(nameof(RunScheduleJob.RunAsync), job.Job.Method.Name);
            Assert.Equal(enabled, job.Job.Args[0]);
        }

        Assert.DoesNotContain(afterRestart, j => j.Id == RecurringSchedules.JobId(disabled));
    }

    public void Dispose()
    {
        restarted?.Dispose();
        factory.Dispose();
    }

    private static List<RecurringJobDto> Registry(PortalAppFactory portal)
    {
        using var connection = portal.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }

    private static List<RecurringJobDto> Schedules(PortalAppFactory portal) =>
        Registry(portal).Where(j => j.Id.StartsWith(RecurringSchedules.JobIdPrefix, StringComparison.Ordinal)).ToList();

    private async Task<(string OwnerId, ServerView Server)> ServerAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Clockwork"), ServerStatus.Running);
        return (await Servers.UserIdAsync(factory, email), server);
    }

    private async Task<int> CreateAsync(int serverId, string owner, string cron, string timeZone, bool enabled = true)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ServerSchedules>()
            .CreateAsync(serverId, owner, new ScheduleInput("Clock", cron, timeZone, [new ScheduleTask(ScheduleAction.Restart)], enabled));
        Assert.True(result.Accepted, result.Request.Message);
        return result.ScheduleId!.Value;
    }

    private async Task<Dictionary<int, DateTimeOffset?>> NextRunsAsync(int serverId, string owner)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ServerSchedules>().ListAsync(serverId, owner))!.ToDictionary(s => s.Id, s => s.NextRunAt);
    }
}
