namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>One task in a schedule's body: <c>action</c> is restart, stop, start, backup or command (with <c>payload</c>, the console line).</summary>
public sealed record ScheduleTaskRequest(string? Action, string? Payload, int? OffsetSeconds);
