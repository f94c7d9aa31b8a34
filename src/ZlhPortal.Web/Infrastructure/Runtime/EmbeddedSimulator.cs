using Microsoft.Extensions.Options;
using ZlhPortal.Simulator;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>
/// The runtime simulator, started in-process on loopback the first time anything needs the runtime (at the
/// latest when the portal starts and validates its Proxmox settings). The portal talks to it over HTTP with the
/// same client it uses for a real Proxmox VE.
/// </summary>
public sealed class EmbeddedSimulator(IOptions<EmbeddedSimulatorOptions> options, IOptions<PortalOptions> portal, IOptions<Data.DatabaseOptions> database,
    IHostEnvironment environment, ILogger<EmbeddedSimulator> logger) : IAsyncDisposable
{
    private readonly Lazy<Task<SimulatorHost>> host = new(() =>
    {
        if (database.Value.Provider == Data.DatabaseProvider.PostgreSql)
        {
            logger.LogWarning(SharedDatabaseWarning);
        }

        return StartAsync(options.Value, portal.Value, environment, logger);
    });

    /// <summary>Logged when an instance on a shared database starts a simulator of its own.</summary>
    public const string SharedDatabaseWarning =
        "This instance runs its own embedded runtime simulator, but its database (PostgreSQL) may be shared with other instances, which then " +
        "each simulate a different runtime and cannot manage each other's servers. Run one simulator (dotnet run --project src/ZlhPortal.Simulator) " +
        "or a real Proxmox VE, and set Runtime:Mode=Proxmox on every instance.";

    public Task<SimulatorHost> GetAsync() => host.Value;

    /// <summary>For configuration callbacks, which are synchronous.</summary>
    public SimulatorHost Get() => host.Value.GetAwaiter().GetResult();

    private static async Task<SimulatorHost> StartAsync(EmbeddedSimulatorOptions settings, PortalOptions portal, IHostEnvironment environment, ILogger logger)
    {
        var stateFile = settings.StateFile switch
        {
            ":memory:" => null,
            null or "" => Path.Combine(portal.ResolveDataDirectory(environment.ContentRootPath), "simulator", "state.json"),
            var file => Path.GetFullPath(Path.Combine(environment.ContentRootPath, file)),
        };
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            ApiPort = 0,
            DnsPort = 0,
            StateFile = stateFile,
            AgentAddressBlock = settings.AgentAddressBlock,
            TaskDuration = settings.TaskDuration,
            InstallDuration = settings.InstallDuration,
            ProcessStartDuration = settings.ProcessStartDuration,
            NewGuestStatusDelay = settings.NewGuestStatusDelay,
            AuthFailureDelay = TimeSpan.Zero,
        });
        logger.LogInformation("Runtime simulator: Proxmox API {ApiUrl} (certificate {Fingerprint}), DNS API {DnsUrl}, state {StateFile}",
            simulator.ProxmoxApiUrl, simulator.CertificateFingerprint, simulator.DnsApiUrl, stateFile ?? "in memory");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        if (host.IsValueCreated)
        {
            await (await host.Value).DisposeAsync();
        }
    }
}
