namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>Body of <c>POST</c> and <c>PUT /api/v1/servers/{id}/schedules</c>; <c>enabled</c> defaults to true.</summary>
public sealed record ScheduleRequest(string? Name, string? Cron, string? TimeZone, IReadOnlyList<ScheduleTaskRequest>? Tasks, bool? Enabled);
