using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ZlhPortal.Web.Infrastructure.Metrics;

public static class MetricsSetup
{
    public const string Path = "/metrics";

    /// <summary>
    /// OpenTelemetry metrics (ASP.NET Core, HttpClient, the .NET runtime and the <see cref="PortalMetrics.MeterName"/>
    /// meter) served in the Prometheus text format at <see cref="Path"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PortalMetrics>();
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(PortalMetrics.MeterName)).WithMetrics(metrics => metrics
            .AddMeter(PortalMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            // The database gauges keep their own cache (MetricsOptions.GaugeCacheDuration); a second one would only hide
            // fresh counters.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TSource"/> as a singleton that is created with the meter provider, so the
    /// instruments its constructor adds to <see cref="PortalMetrics.Meter"/> are observed from the first scrape on.
    /// </summary>
    public static IHostApplicationBuilder AddMetricsSource<TSource>(this IHostApplicationBuilder builder) where TSource : class
    {
        builder.Services.AddSingleton<TSource>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInstrumentation(services => services.GetRequiredService<TSource>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        var endpoint = endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null,
            configureBranchedPipeline: pipeline => pipeline.Use((context, next) => Refusal(context, options) is { } refusal
                ? WriteRefusalAsync(context, refusal)
                : next(context)),
            optionsName: null);
        endpoint.AllowAnonymous();
        if (options.Port is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }

        return endpoints;
    }

    /// <summary>Null when the caller may read the metrics, else the status code to answer with.</summary>
    private static int? Refusal(HttpContext context, MetricsOptions options)
    {
        // The Host header is the client's to choose; the port the connection arrived on is not.
        if (options.Port is { } port && context.Connection.LocalPort != port)
        {
            return StatusCodes.Status404NotFound;
        }

        if (options.Token.Length > 0)
        {
            return BearerMatches(context.Request.Headers.Authorization.ToString(), options.Token) ? null : StatusCodes.Status401Unauthorized;
        }

        if (options.Port is not null)
        {
            return null;
        }

        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address) ? null : StatusCodes.Status404NotFound;
    }

    private static bool BearerMatches(string authorization, string token)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashes have one length, so the comparison takes the same time whatever was sent.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static Task WriteRefusalAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Task.CompletedTask;
    }
}
