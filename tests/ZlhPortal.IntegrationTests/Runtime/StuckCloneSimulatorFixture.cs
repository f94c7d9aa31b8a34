using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>Clones never end on their own within a test, so a test that stops one cannot lose a race against it.</summary>
public sealed class StuckCloneSimulatorFixture : SimulatorFixture
{
    protected override void Configure(SimulatorOptions options) =>
        options.TaskDurations["vzclone"] = TimeSpan.FromMinutes(10);
}
