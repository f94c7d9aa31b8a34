using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Proxy;
using ZlhPortal.Web.Infrastructure.Web;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Events;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Features.Consoles;

public static class ConsolesFeature
{
    public static IHostApplicationBuilder AddConsoles(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleProxyOptions>().BindConfiguration(ConsoleProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpForwarder();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, WebSocketMatcherPolicy>());
        services.AddSingleton<ConsoleTickets>();
        services.AddSingleton<ConsoleSessions>();
        services.AddPortalEvent<SupportConsoleOpened, ConsoleSessions>(ConsoleSessions.SupportOpenedKind, (sessions, opened) => sessions.RaiseSupportOpenedAsync(opened));
        services.AddSingleton<SessionReauthorization>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionReauthorization>());
        builder.AddMetricsSource<ConsoleMetrics>();
        services.AddSingleton<IServerAccessRevoker>(sp => sp.GetRequiredService<ConsoleSessions>());
        services.AddSingleton<IAccountAccessRevoker>(sp => sp.GetRequiredService<ConsoleSessions>());
        services.AddScoped<ConsoleAccess>();
        services.AddOptions<IdeOptions>().BindConfiguration(IdeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IdeHosts>();
        services.AddSingleton(sp => new AllowedHost("*." + sp.GetRequiredService<IOptions<IdeOptions>>().Value.BaseDomain));
        services.AddSingleton<IdeSessions>();
        services.AddSingleton<IdeGateway>();
        services.AddHostedService(sp => sp.GetRequiredService<IdeGateway>());

        // One connection pool for every console and IDE; agents are untrusted, so no redirects, cookies, proxies or decompression.
        services.AddKeyedSingleton(ConsoleProxyEndpoints.InvokerKey, (sp, _) => new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = sp.GetRequiredService<IOptions<ConsoleProxyOptions>>().Value.ConnectTimeout,
            EnableMultipleHttp2Connections = false,

            // No trace context (traceparent) for untrusted containers, and no per-request Activity for it to carry.
            ActivityHeadersPropagator = null,
        }));

        // Logging out closes the user's consoles at once, on whichever instance holds them (the cookie is gone, the
        // sockets would otherwise stay).
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<AccessRevocation>((options, revocation) =>
        {
            var previous = options.Events.OnSigningOut;
            options.Events.OnSigningOut = async context =>
            {
                await previous(context);
                if (context.HttpContext.User.UserId() is { } userId)
                {
                    await revocation.RevokeAsync(userId, "You logged out.");
                }
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapConsoles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapConsoleProxy();
        endpoints.MapConsoleApi();
        endpoints.MapIdes();
        return endpoints;
    }
}
