using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>
/// Clones take long enough for a second caller to meet the first one's locks. The window has to outlast the
/// first, cold calls of a fresh client (TLS handshake, JIT) on a busy two-core machine: at 400 ms the clone was
/// sometimes over before the test looked at it.
/// </summary>
public sealed class SlowCloneSimulatorFixture : SimulatorFixture
{
    protected override void Configure(SimulatorOptions options) =>
        options.TaskDurations["vzclone"] = TimeSpan.FromSeconds(2);
}
