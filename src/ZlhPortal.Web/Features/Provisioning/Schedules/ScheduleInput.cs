namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>What a customer asks a schedule to be, unchecked: <see cref="ServerSchedules"/> validates it.</summary>
public sealed record ScheduleInput(string? Name, string? Cron, string? TimeZone, IReadOnlyList<ScheduleTask>? Tasks, bool Enabled = true);
