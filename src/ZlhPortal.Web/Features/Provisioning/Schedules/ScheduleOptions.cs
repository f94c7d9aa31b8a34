using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>How schedule runs follow their tasks.</summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Schedules";

    /// <summary>How often a run looks again whether the operation its last task started (a restart, a backup) has finished.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FollowUpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the next task waits for that operation before it is skipped as "busy".</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
