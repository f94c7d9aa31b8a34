using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>
/// A server's schedules as its owner (or staff, with no owner given) asks for them: list, make, change, delete, run now.
/// Each change is saved first and then applied to the schedule's recurring job (<see cref="RecurringSchedules"/>).
/// </summary>
public sealed class ServerSchedules(
    IDbContextFactory<AppDbContext> dbFactory, RecurringSchedules recurring, IBackgroundJobClient jobs, TimeProvider time, ILogger<ServerSchedules> logger)
{
    /// <summary>The server's schedules in the order they were made; null when the server is not the owner's (or does not exist).</summary>
    public async Task<IReadOnlyList<ScheduleView>?> ListAsync(int serverId, string? ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await ServerQuery(db, serverId, ownerId).AnyAsync(ct))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var rows = await db.ServerSchedules.AsNoTracking().Where(s => s.ServerId == serverId).OrderBy(s => s.Id).ToListAsync(ct);
        return rows.Select(s => View(s, now)).ToList();
    }

    public async Task<ScheduleView?> FindAsync(int serverId, int scheduleId, string? ownerId, CancellationToken ct = default) =>
        (await ListAsync(serverId, ownerId, ct))?.FirstOrDefault(s => s.Id == scheduleId);

    public async Task<ScheduleRequestResult> CreateAsync(int serverId, string? ownerId, ScheduleInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await ServerQuery(db, serverId, ownerId).AnyAsync(ct))
        {
            return new(ServerRequestResult.NotFound(serverId));
        }

        var (valid, problem) = Validate(input);
        if (valid is null)
        {
            return new(ServerRequestResult.Invalid(problem!));
        }

        if (await db.ServerSchedules.CountAsync(s => s.ServerId == serverId, ct) >= ServerSchedule.MaxPerServer)
        {
            return new(ServerRequestResult.Conflict($"A server can have at most {ServerSchedule.MaxPerServer} schedules; delete one to make another."));
        }

        var schedule = new ServerSchedule
        {
            ServerId = serverId, Name = valid.Name!, Cron = valid.Cron!, TimeZone = valid.TimeZone!, Tasks = valid.Tasks!.ToList(), Enabled = valid.Enabled,
            CreatedAt = time.GetUtcNow(),
        };
        db.ServerSchedules.Add(schedule);
        await db.SaveChangesAsync(ct);
        recurring.Apply(schedule);
        logger.LogInformation("Schedule {ScheduleId} of server {ServerId} made ({Cron} in {TimeZone})", schedule.Id, serverId, schedule.Cron, schedule.TimeZone);
        return new(new ServerRequestResult(ServerRequestOutcome.Accepted, $"Schedule '{schedule.Name}' saved.", serverId), schedule.Id);
    }

    public async Task<ScheduleRequestResult> UpdateAsync(int serverId, int scheduleId, string? ownerId, ScheduleInput input, CancellationToken ct = default)
    {
        var (valid, problem) = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await OwnedAsync(db, serverId, scheduleId, ownerId, ct);
        if (schedule is null)
        {
            return new(NoSuchSchedule(scheduleId));
        }

        if (valid is null)
        {
            return new(ServerRequestResult.Invalid(problem!));
        }

        (schedule.Name, schedule.Cron, schedule.TimeZone, schedule.Tasks, schedule.Enabled) = (valid.Name!, valid.Cron!, valid.TimeZone!, valid.Tasks!.ToList(), valid.Enabled);
        await db.SaveChangesAsync(ct);
        recurring.Apply(schedule);
        return new(new ServerRequestResult(ServerRequestOutcome.Accepted, $"Schedule '{schedule.Name}' saved.", serverId), schedule.Id);
    }

    public async Task<ServerRequestResult> SetEnabledAsync(int serverId, int scheduleId, string? ownerId, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await OwnedAsync(db, serverId, scheduleId, ownerId, ct);
        if (schedule is null)
        {
            return NoSuchSchedule(scheduleId);
        }

        schedule.Enabled = enabled;
        await db.SaveChangesAsync(ct);
        recurring.Apply(schedule);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, enabled ? $"'{schedule.Name}' is on." : $"'{schedule.Name}' is off.", serverId);
    }

    public async Task<ServerRequestResult> DeleteAsync(int serverId, int scheduleId, string? ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await OwnedAsync(db, serverId, scheduleId, ownerId, ct);
        if (schedule is null)
        {
            return NoSuchSchedule(scheduleId);
        }

        db.ServerSchedules.Remove(schedule);
        await db.SaveChangesAsync(ct);
        recurring.Remove(scheduleId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"Schedule '{schedule.Name}' deleted.", serverId);
    }

    /// <summary>Runs the schedule's tasks now, enabled or not; a run still under way is overtaken (its remaining tasks are dropped).</summary>
    public async Task<ServerRequestResult> RunNowAsync(int serverId, int scheduleId, string? ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await OwnedAsync(db, serverId, scheduleId, ownerId, ct);
        if (schedule is null)
        {
            return NoSuchSchedule(scheduleId);
        }

        jobs.Enqueue<RunScheduleJob>(job => job.RunNowAsync(scheduleId, CancellationToken.None));
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"'{schedule.Name}' is running.", serverId);
    }

    /// <summary>The input trimmed and checked, or the first reason it cannot be a schedule.</summary>
    public static (ScheduleInput? Valid, string? Problem) Validate(ScheduleInput input)
    {
        var name = (input.Name ?? "").Trim();
        if (name.Length is 0 or > ServerSchedule.NameMaxLength || name.Any(char.IsControl))
        {
            return (null, $"Give the schedule a name of 1 to {ServerSchedule.NameMaxLength} characters on one line.");
        }

        var cron = string.Join(' ', (input.Cron ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var (parsed, cronProblem) = ScheduleTimes.ParseCron(cron);
        if (parsed is null)
        {
            return (null, cronProblem);
        }

        if (ScheduleTimes.FindTimeZone(input.TimeZone) is not { } zone)
        {
            return (null, $"\"{input.TimeZone}\" is not a time zone; give an IANA id such as Europe/Berlin, America/New_York or UTC.");
        }

        if (parsed.GetNextOccurrence(DateTimeOffset.UnixEpoch, zone) is null)
        {
            return (null, $"The cron \"{cron}\" never comes round (e.g. the 31st of a month that has 30 days).");
        }

        var tasks = input.Tasks ?? [];
        if (tasks.Count is 0 or > ServerSchedule.MaxTasks)
        {
            return (null, $"A schedule has 1 to {ServerSchedule.MaxTasks} tasks.");
        }

        var cleaned = new List<ScheduleTask>();
        foreach (var (task, number) in tasks.Select((t, i) => (t, i + 1)))
        {
            if (!Enum.IsDefined(task.Action))
            {
                return (null, $"Task {number} has no action; use restart, stop, start, backup or command.");
            }

            if (task.OffsetSeconds is < 0 or > ServerSchedule.MaxOffsetSeconds)
            {
                return (null, $"Task {number}: the offset is 0 to {ServerSchedule.MaxOffsetSeconds} seconds.");
            }

            var payload = task.Payload?.Trim();
            if (task.Action == ScheduleAction.Command
                && (string.IsNullOrEmpty(payload) || payload.Length > ServerSchedule.CommandMaxLength || payload.Any(char.IsControl)))
            {
                return (null, $"Task {number}: a command task needs the console command to send, one line of at most {ServerSchedule.CommandMaxLength} characters.");
            }

            cleaned.Add(new ScheduleTask(task.Action, task.Action == ScheduleAction.Command ? payload : null, task.OffsetSeconds));
        }

        return (new ScheduleInput(name, cron, zone.Id, cleaned, input.Enabled), null);
    }

    private static IQueryable<HostedServer> ServerQuery(AppDbContext db, int serverId, string? ownerId) =>
        db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted && (ownerId == null || s.OwnerId == ownerId));

    private static Task<ServerSchedule?> OwnedAsync(AppDbContext db, int serverId, int scheduleId, string? ownerId, CancellationToken ct)
    {
        // Not ServerQuery: its AsNoTracking would carry over to the schedule, and changes to it would never be saved.
        var server = db.Servers.Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted && (ownerId == null || s.OwnerId == ownerId));
        return db.ServerSchedules.Where(s => s.Id == scheduleId && s.ServerId == serverId && server.Any()).FirstOrDefaultAsync(ct);
    }

    private static ServerRequestResult NoSuchSchedule(int scheduleId) =>
        new(ServerRequestOutcome.NotFound, $"This server has no schedule with id {scheduleId}.");

    private static ScheduleView View(ServerSchedule s, DateTimeOffset now) =>
        new(s.Id, s.Name, s.Cron, s.TimeZone, s.Tasks, s.Enabled, s.LastRunAt, s.LastRunResults, s.Enabled ? ScheduleTimes.Next(s.Cron, s.TimeZone, now) : null);
}
