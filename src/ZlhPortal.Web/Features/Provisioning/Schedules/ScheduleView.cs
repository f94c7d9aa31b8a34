namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>A schedule as its server's page and the API show it; <see cref="NextRunAt"/> is null while it is disabled.</summary>
public sealed record ScheduleView(
    int Id, string Name, string Cron, string TimeZone, IReadOnlyList<ScheduleTask> Tasks, bool Enabled, DateTimeOffset? LastRunAt,
    IReadOnlyList<string> LastRunResults, DateTimeOffset? NextRunAt);
