using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Infrastructure.Runtime;

/// <summary>Several instances on one PostgreSQL database must share one runtime: an instance starting a simulator of its own says so.</summary>
public sealed class SharedDatabaseSimulatorTests : IDisposable
{
    private readonly LogRecorder logs = new();
    private readonly PortalAppFactory factory;

    public SharedDatabaseSimulatorTests() => factory = new PortalAppFactory().WithServices(logs.AddTo);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task The_embedded_simulator_warns_exactly_when_the_database_can_be_shared()
    {
        Assert.True((await factory.CreateClient().GetAsync("/health/live")).IsSuccessStatusCode);

        var warned = logs.Entries.Any(e => e.Message == EmbeddedSimulator.SharedDatabaseWarning);
        Assert.Equal(TestDatabase.IsPostgreSql, warned);
    }
}
