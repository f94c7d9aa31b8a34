using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>What became of a request to make or change a schedule: accepted with the schedule's id, or why not.</summary>
public sealed record ScheduleRequestResult(ServerRequestResult Request, int? ScheduleId = null)
{
    public bool Accepted => Request.Accepted;
}
