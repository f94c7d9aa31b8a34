using System.Security.Cryptography;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>
/// Runs a schedule's tasks in order, one Hangfire job per task: the next task is a delayed job after its offset, so a
/// restart of a shared job store loses none of a run. A task whose server is suspended, deleted or busy, or whose
/// request is refused, is skipped with the reason; an operation a task starts (restart, backup…) is waited for before
/// the next task, looking again every <see cref="ScheduleOptions.FollowUpInterval"/>.
/// </summary>
public sealed class RunScheduleJob(
    IDbContextFactory<AppDbContext> dbFactory, ServerLifecycle lifecycle, ServerBackups backups, AgentClient agents, AgentCredentials credentials,
    RecurringSchedules recurring, IBackgroundJobClient jobs, IOptions<ScheduleOptions> options, TimeProvider time, ILogger<RunScheduleJob> logger)
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";

    /// <summary>The recurring job's call: a new run, unless the schedule is gone or disabled (then its stale job goes too).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int scheduleId, CancellationToken ct) => await StartRunAsync(scheduleId, manual: false, ct);

    /// <summary>"Run now": a new run whether the schedule is enabled or not.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunNowAsync(int scheduleId, CancellationToken ct) => await StartRunAsync(scheduleId, manual: true, ct);

    /// <summary>
    /// Task <paramref name="index"/> of run <paramref name="run"/> (an index past the last task only settles the last
    /// one's result). A job of a run that a newer one overtook does nothing.
    /// </summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunTaskAsync(int scheduleId, int run, int index, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await db.ServerSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId && s.RunNumber == run, ct);
        if (schedule is null || index > schedule.LastRunResults.Count)
        {
            return;
        }

        var now = time.GetUtcNow();
        var server = await db.Servers.AsNoTracking().Where(s => s.Id == schedule.ServerId)
            .Select(s => new ServerFacts(s.Id, s.Status, s.Operation, s.IpAddress, s.AgentCredentialProtected, s.LastActionError)).FirstOrDefaultAsync(ct);
        var results = schedule.LastRunResults.ToList();
        if (index > 0 && results[index - 1] == Running)
        {
            var waited = now - (schedule.TaskStartedAt ?? now);
            if (server is { Operation: not ServerOperation.None } && waited < options.Value.TaskTimeout)
            {
                jobs.Schedule<RunScheduleJob>(job => job.RunTaskAsync(scheduleId, run, index, CancellationToken.None), options.Value.FollowUpInterval);
                return;
            }

            results[index - 1] = server is { Operation: not ServerOperation.None }
                ? $"failed: still under way after {(int)waited.TotalMinutes} minutes"
                : await OutcomeAsync(db, schedule.Tasks[index - 1], server, schedule.TaskStartedAt ?? now, ct);
        }

        if (index == results.Count)
        {
            await SaveAsync(db, scheduleId, run, results, schedule.TaskStartedAt, ct);
            return;
        }

        var task = schedule.Tasks[index];
        results[index] = await PerformAsync(schedule, task, server, ct);
        await SaveAsync(db, scheduleId, run, results, results[index] == Running ? now : schedule.TaskStartedAt, ct);
        logger.LogInformation("Schedule {ScheduleId} run {Run} task {Task} ({Action}): {Result}", scheduleId, run, index + 1, task.Action, results[index]);
        if (index + 1 == results.Count && results[index] != Running)
        {
            return;
        }

        var delay = TimeSpan.FromSeconds(index + 1 < results.Count ? schedule.Tasks[index + 1].OffsetSeconds : 0);
        if (results[index] == Running && delay < options.Value.FollowUpInterval)
        {
            delay = options.Value.FollowUpInterval;
        }

        await NextAsync(scheduleId, run, index + 1, delay, ct);
    }

    private async Task StartRunAsync(int scheduleId, bool manual, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await db.ServerSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId, ct);
        if (schedule is null || (!manual && !schedule.Enabled))
        {
            recurring.Remove(scheduleId);
            return;
        }

        var run = schedule.RunNumber + 1;
        var pending = schedule.Tasks.Select(_ => Pending).ToList();
        var started = await db.ServerSchedules.Where(s => s.Id == scheduleId && s.RunNumber == schedule.RunNumber)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.RunNumber, run)
                .SetProperty(s => s.LastRunAt, time.GetUtcNow())
                .SetProperty(s => s.LastRunResults, pending)
                .SetProperty(s => s.TaskStartedAt, (DateTimeOffset?)null), ct);
        if (started == 0)
        {
            return;
        }

        logger.LogInformation("Schedule {ScheduleId} of server {ServerId}: run {Run} started{Manual}", scheduleId, schedule.ServerId, run, manual ? " by hand" : "");
        await NextAsync(scheduleId, run, 0, TimeSpan.FromSeconds(schedule.Tasks.FirstOrDefault()?.OffsetSeconds ?? 0), ct);
    }

    private async Task NextAsync(int scheduleId, int run, int index, TimeSpan delay, CancellationToken ct)
    {
        if (delay > TimeSpan.Zero)
        {
            jobs.Schedule<RunScheduleJob>(job => job.RunTaskAsync(scheduleId, run, index, CancellationToken.None), delay);
        }
        else
        {
            await RunTaskAsync(scheduleId, run, index, ct);
        }
    }

    private async Task<string> PerformAsync(ServerSchedule schedule, ScheduleTask task, ServerFacts? server, CancellationToken ct)
    {
        if (server is null || server.Status == ServerStatus.Deleted)
        {
            recurring.Remove(schedule.Id);
            return "skipped: the server was deleted";
        }

        var refusal = server switch
        {
            { Status: ServerStatus.Deleting } => "the server is being deleted",
            { Status: ServerStatus.Suspended } => "the server is suspended",
            { Operation: not ServerOperation.None } => $"the server is busy ({server.Operation.ToString().ToLowerInvariant()} in progress)",
            { Status: ServerStatus.Provisioning } => "the server is still being set up",
            { Status: ServerStatus.Failed } => "the server failed to set up",
            _ => null,
        };
        if (refusal is not null)
        {
            return $"skipped: {refusal}";
        }

        switch (task.Action)
        {
            case ScheduleAction.Command:
                return await SendCommandAsync(server, task.Payload ?? "", ct);
            case ScheduleAction.Backup:
                var backup = await backups.CreateAsync(server.Id, null, $"Scheduled: {schedule.Name}", null, locked: false, BackupOrigin.Schedule, ct,
                    HistoryActors.Schedule(schedule.Name));
                return backup.Accepted ? Running : $"skipped: {backup.Request.Message}";
            default:
                var action = task.Action switch
                {
                    ScheduleAction.Stop => PowerAction.Stop,
                    ScheduleAction.Start => PowerAction.Start,
                    _ => PowerAction.Restart,
                };
                var power = await lifecycle.PowerAsync(server.Id, null, action, ct, HistoryActors.Schedule(schedule.Name));
                return power.Accepted ? Running : $"skipped: {power.Message}";
        }
    }

    private async Task<string> SendCommandAsync(ServerFacts server, string command, CancellationToken ct)
    {
        if (server.Status != ServerStatus.Running || server.IpAddress is null)
        {
            return "skipped: the server is not running";
        }

        string credential;
        try
        {
            credential = credentials.Reveal(server.AgentCredentialProtected);
        }
        catch (CryptographicException)
        {
            return "failed: the server's console is not ready";
        }

        return await agents.SendCommandAsync(server.IpAddress, credential, command, ct) ? Done : "failed: the server's console could not be reached";
    }

    /// <summary>How the operation a task started ended, once the server's slot is free again.</summary>
    private static async Task<string> OutcomeAsync(AppDbContext db, ScheduleTask task, ServerFacts? server, DateTimeOffset startedAt, CancellationToken ct)
    {
        if (server is null)
        {
            return "failed: the server was deleted";
        }

        if (task.Action == ScheduleAction.Backup)
        {
            var backup = await db.ServerBackups.AsNoTracking()
                .Where(b => b.ServerId == server.Id && b.Origin == BackupOrigin.Schedule && b.RequestedAt >= startedAt)
                .OrderByDescending(b => b.Id).Select(b => new { b.State, b.Error }).FirstOrDefaultAsync(ct);
            return backup?.State == BackupState.Failed ? $"failed: {backup.Error ?? "the backup failed"}" : Done;
        }

        var expected = task.Action == ScheduleAction.Stop ? ServerStatus.Stopped : ServerStatus.Running;
        return server switch
        {
            { LastActionError: { } error } => $"failed: {error}",
            _ when server.Status != expected => $"failed: the server is {server.Status.ToString().ToLowerInvariant()}",
            _ => Done,
        };
    }

    private static Task SaveAsync(AppDbContext db, int scheduleId, int run, List<string> results, DateTimeOffset? taskStartedAt, CancellationToken ct) =>
        db.ServerSchedules.Where(s => s.Id == scheduleId && s.RunNumber == run)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastRunResults, results).SetProperty(s => s.TaskStartedAt, taskStartedAt), ct);

    private sealed record ServerFacts(int Id, ServerStatus Status, ServerOperation Operation, string? IpAddress, string AgentCredentialProtected, string? LastActionError);
}
