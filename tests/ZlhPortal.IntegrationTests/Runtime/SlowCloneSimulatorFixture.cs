using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Clones take long enough for a second caller to meet the first one's locks.</summary>
public sealed class SlowCloneSimulatorFixture : SimulatorFixture
{
    protected override void Configure(SimulatorOptions options) =>
        options.TaskDurations["vzclone"] = TimeSpan.FromMilliseconds(400);
}
