using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// The IDE gateway (<c>Ides:Listen</c>): a slim web host of its own in the portal process, on its own listener, that
/// serves IDE hosts and nothing else. Its pipeline is forwarded headers (the portal's trusted proxies) and the IDE host
/// middleware; the portal's pages, status pages, security headers, host filtering and request logging scopes are not
/// on the way of an IDE's every request. It shares the portal's services: sessions, tickets, the forwarder.
/// </summary>
public sealed class IdeGateway(IServiceProvider services, IOptions<IdeOptions> options, IHostEnvironment environment, IConfiguration configuration,
    ILogger<IdeGateway> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>Where the gateway listens once started (the bound port when configured with port 0); null when it is off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Listen))
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment.EnvironmentName });
        builder.WebHost.UseUrls(options.Value.Listen);
        // The portal's own logging, so the gateway's Kestrel writes where the portal does.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        app = builder.Build();
        var requireHttps = PortalOptions.IsHttpsRequired(configuration, environment);
        app.UseForwardedHeaders(services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value);
        app.Use(async (context, next) =>
        {
            // Scoped services (the ticket exchange's) come from the portal's container.
            await using var scope = services.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            await next(context);
        });
        app.Use(IdeProxy.GatewayMiddleware(services, requireHttps));
        app.Run(context => IdePages.WriteAsync(context, StatusCodes.Status404NotFound, "No IDE here",
            "This address does not belong to any server's IDE.", services.GetRequiredService<IdeHosts>().PortalUrl(context.Request), "Go to the portal"));
        await app.StartAsync(cancellationToken);
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        logger.LogInformation("IDE gateway listening on {Address}", Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }
}
