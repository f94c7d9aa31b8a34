using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>
/// One Hangfire recurring job per enabled schedule, <c>server-schedule-{id}</c>, in the schedule's time zone. The
/// database is the truth: <see cref="SyncAsync"/> makes the job storage match it at start, since the in-memory storage
/// forgets everything on a restart and a shared one may hold jobs of schedules deleted meanwhile.
/// </summary>
public sealed class RecurringSchedules(IDbContextFactory<AppDbContext> dbFactory, IRecurringJobManager recurring, JobStorage storage, ILogger<RecurringSchedules> logger)
{
    public const string JobIdPrefix = "server-schedule-";

    public static string JobId(int scheduleId) => $"{JobIdPrefix}{scheduleId}";

    /// <summary>Registers the schedule when it is enabled (and its server is not deleted), removes its job otherwise.</summary>
    public void Apply(ServerSchedule schedule, bool serverDeleted = false)
    {
        if (!schedule.Enabled || serverDeleted || ScheduleTimes.FindTimeZone(schedule.TimeZone) is not { } zone)
        {
            Remove(schedule.Id);
            return;
        }

        var id = schedule.Id;
        recurring.AddOrUpdate<RunScheduleJob>(JobId(id), job => job.RunAsync(id, CancellationToken.None), schedule.Cron,
            new RecurringJobOptions { TimeZone = zone });
    }

    public void Remove(int scheduleId) => recurring.RemoveIfExists(JobId(scheduleId));

    /// <summary>Removes the jobs of every schedule of a server (it was deleted); the rows stay with the deleted server.</summary>
    public async Task RemoveForServerAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var id in await db.ServerSchedules.Where(s => s.ServerId == serverId).Select(s => s.Id).ToListAsync(ct))
        {
            Remove(id);
        }
    }

    /// <summary>Registers every enabled schedule of a server that still exists and removes every other <c>server-schedule-*</c> job.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.ServerSchedules.AsNoTracking()
            .Where(s => s.Enabled && db.Servers.Any(server => server.Id == s.ServerId && server.Status != ServerStatus.Deleted))
            .ToListAsync(ct);
        foreach (var schedule in live)
        {
            Apply(schedule);
        }

        var wanted = live.Select(s => JobId(s.Id)).ToHashSet();
        using var connection = storage.GetConnection();
        var stale = connection.GetRecurringJobs().Select(j => j.Id).Where(id => id.StartsWith(JobIdPrefix, StringComparison.Ordinal) && !wanted.Contains(id)).ToList();
        foreach (var id in stale)
        {
            recurring.RemoveIfExists(id);
        }

        logger.LogInformation("Schedules synced: {Registered} registered, {Removed} stale removed", live.Count, stale.Count);
    }
}
