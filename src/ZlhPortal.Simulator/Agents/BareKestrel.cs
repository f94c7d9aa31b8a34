using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// A Kestrel server without a host around it, as each simulated agent and the Velocity bridge run one (hundreds of
/// hosts would cost far more): made from the simulator's services, stopped with a short grace.
/// </summary>
internal static class BareKestrel
{
    public static KestrelServer Create(IServiceProvider services, Action<KestrelServerOptions> configure)
    {
        var options = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        configure(options);
        return new KestrelServer(Options.Create(options), services.GetRequiredService<IConnectionListenerFactory>(),
            services.GetRequiredService<ILoggerFactory>());
    }

    /// <summary>Stops accepting, gives open requests two seconds, then drops them.</summary>
    public static async Task StopAsync(KestrelServer server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await server.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        server.Dispose();
    }
}
