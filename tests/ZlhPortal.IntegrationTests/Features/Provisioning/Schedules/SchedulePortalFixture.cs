using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Schedules;

/// <summary>One portal for the schedule tests, looking every second whether a task's operation has finished.</summary>
public sealed class SchedulePortalFixture : IDisposable
{
    public PortalAppFactory Factory { get; } = new PortalAppFactory().WithSetting("Schedules:FollowUpInterval", "00:00:01");

    public void Dispose() => Factory.Dispose();
}
