namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>
/// A schedule in the REST API. <c>lastRunResult</c> has one text per task of the last run: done, running, pending,
/// "skipped: reason" or "failed: reason"; <c>nextRunAt</c> is null while the schedule is disabled.
/// </summary>
public sealed record ScheduleResponse(
    int Id, string Name, string Cron, string TimeZone, IReadOnlyList<ScheduleTaskRequest> Tasks, bool Enabled, DateTimeOffset? LastRunAt,
    IReadOnlyList<string> LastRunResult, DateTimeOffset? NextRunAt)
{
    public static ScheduleResponse From(ScheduleView s) => new(
        s.Id, s.Name, s.Cron, s.TimeZone, s.Tasks.Select(t => new ScheduleTaskRequest(t.Action.ToString().ToLowerInvariant(), t.Payload, t.OffsetSeconds)).ToList(),
        s.Enabled, s.LastRunAt, s.LastRunResults, s.NextRunAt);
}
