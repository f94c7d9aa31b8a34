namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>
/// One step of a schedule. <see cref="OffsetSeconds"/> is how long after the previous task started (the first: after the
/// run started) this one starts; a task never starts before the operation of the one before it has finished.
/// </summary>
public sealed record ScheduleTask(ScheduleAction Action, string? Payload = null, int OffsetSeconds = 0);
