using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using ZlhPortal.Web.Infrastructure.Email;
using ZlhPortal.Web.Infrastructure.Metrics;

using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>The Blazor shell: components, MudBlazor, error and status pages, security headers.</summary>
public static class ShellSetup
{
    public static IHostApplicationBuilder AddShell(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        // Requests are answered only for the hosts the portal is reached at: the public URL's, loopback (health checks,
        // the command line) and what features add (AllowedHost). A request with another Host header gets a 400, so
        // nothing built from it (a link, a redirect) can point elsewhere. AllowedHosts set explicitly wins.
        if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
        {
            builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<PortalOptions>, IEnumerable<AllowedHost>>((options, portal, extra) =>
                options.AllowedHosts = [new Uri(portal.Value.PublicUrl).Host, "localhost", "127.0.0.1", "[::1]", .. extra.Select(h => h.Host)]);
        }

        // Behind the edge proxy, the client's address and scheme come from X-Forwarded-*, believed only from loopback
        // (the framework's default) and the configured proxies: rate limits are per real client, and secure cookies
        // and redirects see HTTPS. Read by the portal's pipeline and by the IDE hosts' branch alike.
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in trusted.Value.Proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in trusted.Value.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();

        // Keys live in the database: a restart keeps everyone signed in and emailed links valid, every instance reads what
        // another protected (cookies, agent credentials), and a backup of the database is a backup of the keys. Keys an
        // older version kept in the data folder's "keys" are copied in at start (DatabaseSetup).
        builder.Services.AddDataProtection().SetApplicationName("ZlhPortal").PersistKeysToDbContext<AppDbContext>();
        if (PortalOptions.IsHttpsRequired(builder.Configuration, builder.Environment))
        {
            builder.Services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(365);
                options.IncludeSubDomains = false;
            });
        }

        return builder;
    }

    public static WebApplication UseShell(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        if (PortalOptions.IsHttpsRequired(app.Configuration, app.Environment))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
            app.Use(async (context, next) =>
            {
                // No HTTPS port to redirect to (e.g. a proxy that does not send X-Forwarded-Proto): say so plainly
                // instead of failing later on secure-only cookies. Health probes, Prometheus and the runtime Traefik's
                // HTTP provider, which reach an instance directly rather than through the proxy, may use plain HTTP.
                if (!context.Request.IsHttps && !context.Request.Path.StartsWithSegments("/health")
                    && !context.Request.Path.StartsWithSegments(MetricsSetup.Path) && !context.Request.Path.StartsWithSegments(Edge.EdgeOptions.ProviderPath))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsync("This portal is served over HTTPS only. Open it with https://, or set Portal:RequireHttps to false for a plain-HTTP test setup.");
                    return;
                }

                await next(context);
            });
        }

        // Pages get a friendly status page; the API answers with its own ProblemDetails bodies.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ApiSetup.Prefix) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        app.UseSecurityHeaders();
        // Dates and money in the reader's culture (from the browser's Accept-Language); the circuit keeps the culture
        // of the request that opened it.
        string[] cultures = ["en-US", "en-GB", "de-DE", "de-AT", "fr-FR", "nl-NL", "es-ES", "it-IT", "pl-PL", "sv-SE"];
        app.UseRequestLocalization(options => options.SetDefaultCulture("en-US").AddSupportedCultures(cultures).AddSupportedUICultures(cultures));
        return app;
    }

    /// <summary>Says where the embedded default keeps its data, once, at start.</summary>
    public static void LogLocations(this WebApplication app)
    {
        var email = app.Services.GetRequiredService<IEmailTransport>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ZlhPortal");
        if (email is PickupFolderEmailTransport pickup)
        {
            logger.LogInformation("Emails are written as .eml files to {PickupDirectory}", pickup.Directory);
        }
    }
}
