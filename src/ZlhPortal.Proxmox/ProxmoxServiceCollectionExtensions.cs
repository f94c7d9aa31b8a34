using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace ZlhPortal.Proxmox;

public static class ProxmoxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProxmoxClient"/> as a typed HTTP client bound to <see cref="ProxmoxOptions.SectionName"/>,
    /// validated at start. GETs are retried with jittered backoff on transport failures and 59x proxy errors;
    /// POST/PUT/DELETE are never retried because the action may already have happened (re-read state instead).
    /// </summary>
    public static IHttpClientBuilder AddProxmoxClient(this IServiceCollection services, Action<ProxmoxOptions>? configure = null)
    {
        var options = services.AddOptions<ProxmoxOptions>().BindConfiguration(ProxmoxOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = services.AddHttpClient(nameof(ProxmoxClient))
            .AddTypedClient((http, sp) => new ProxmoxClient(http, sp.GetRequiredService<IOptions<ProxmoxOptions>>().Value, sp.GetService<TimeProvider>()))
            .ConfigureHttpClient((sp, http) =>
            {
                // The resilience pipeline owns the timeouts; HttpClient's own would cut across retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => ProxmoxClient.CreatePrimaryHandler(sp.GetRequiredService<IOptions<ProxmoxOptions>>().Value));

        builder.AddResilienceHandler("proxmox", (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<ProxmoxOptions>>().Value;
            pipeline.AddTimeout(o.RequestTimeout);
            if (o.MaxGetRetries > 0)
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxGetRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = o.RetryDelay,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
            }

            pipeline.AddTimeout(o.AttemptTimeout);
        });
        return builder;
    }

    // Proxmox answers 500 for deterministic failures (locked, not found), so only transport errors,
    // attempt timeouts and the proxy's own 59x/502–504 codes are worth another attempt.
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
        || (int?)outcome.Result?.StatusCode is >= 595 and <= 599;
}
