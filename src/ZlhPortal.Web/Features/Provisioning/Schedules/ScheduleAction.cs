namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>What one task of a schedule does to its server.</summary>
public enum ScheduleAction
{
    Restart,
    Stop,
    Start,
    Backup,

    /// <summary>Sends <see cref="ScheduleTask.Payload"/> to the game's console as one line.</summary>
    Command,
}
