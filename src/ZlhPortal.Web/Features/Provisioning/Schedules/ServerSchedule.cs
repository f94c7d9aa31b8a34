namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>
/// A customer's recurring plan for a server: a cron in their time zone and tasks run in order. The row is the truth;
/// Hangfire holds one recurring job per enabled schedule (<see cref="RecurringSchedules"/>) and is re-synced from here at start.
/// </summary>
public sealed class ServerSchedule
{
    public const int NameMaxLength = 60;

    public const int CronMaxLength = 100;

    public const int TimeZoneMaxLength = 64;

    public const int MaxTasks = 10;

    public const int MaxOffsetSeconds = 3600;

    public const int CommandMaxLength = 200;

    public const int MaxPerServer = 10;

    public int Id { get; set; }

    public int ServerId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Five fields: minute, hour, day of month, month, day of week.</summary>
    public string Cron { get; set; } = "";

    /// <summary>IANA id the cron is read in, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    public List<ScheduleTask> Tasks { get; set; } = [];

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>One text per task of the last run: <c>done</c>, <c>running</c>, <c>pending</c>, <c>skipped: …</c> or <c>failed: …</c>.</summary>
    public List<string> LastRunResults { get; set; } = [];

    /// <summary>Counts runs; a task job of an older run finds it moved on and does nothing.</summary>
    public int RunNumber { get; set; }

    /// <summary>When the task now running was started; bounds how long the next one waits for it.</summary>
    public DateTimeOffset? TaskStartedAt { get; set; }
}
