using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Infrastructure.Runtime;

public static class RuntimeSetup
{
    public static IHostApplicationBuilder AddRuntime(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.ManagementNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Runtime:ManagementNetworks holds networks in CIDR notation, such as 10.20.0.0/16.")
            .ValidateOnStart();
        services.AddOptions<EmbeddedSimulatorOptions>().BindConfiguration(EmbeddedSimulatorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DnsOptions>().BindConfiguration(DnsOptions.SectionName).ValidateDataAnnotations()
            .Validate<IOptions<RuntimeOptions>>((dns, runtime) => runtime.Value.Mode == RuntimeMode.Simulator || !string.IsNullOrWhiteSpace(dns.BaseUrl),
                "Runtime:Dns:BaseUrl is required when Runtime:Mode is Proxmox.")
            .ValidateOnStart();
        services.AddSingleton<EmbeddedSimulator>();
        services.AddSingleton<RuntimeEndpoints>();

        services.AddProxmoxClient().AddHttpMessageHandler(sp => new RuntimeRequestCounter(sp.GetRequiredService<PortalMetrics>(), "proxmox"));
        // In simulator mode the API address, certificate and token are the embedded simulator's, known once it runs.
        services.AddOptions<ProxmoxOptions>().Configure<IOptions<RuntimeOptions>, EmbeddedSimulator>((proxmox, runtime, simulator) =>
        {
            if (runtime.Value.Mode != RuntimeMode.Simulator)
            {
                return;
            }

            var host = simulator.Get();
            proxmox.BaseUrl = host.ProxmoxApiUrl.ToString();
            proxmox.Fingerprint = host.CertificateFingerprint;
            proxmox.TokenId = host.ApiTokenId;
            proxmox.TokenSecret = host.ApiTokenSecret;
            // Simulated tasks take milliseconds to seconds; poll them finely so serialized clones do not queue on polling.
            proxmox.TaskPollInterval = TimeSpan.FromMilliseconds(25);
            proxmox.TaskPollMaxInterval = TimeSpan.FromMilliseconds(250);
            proxmox.RetryDelay = TimeSpan.FromMilliseconds(100);
        });

        services.AddSingleton<ManagementNetworks>();
        services.AddHttpClient<AgentClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Never follow an agent's redirect or keep its cookies: containers are untrusted.
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            })
            .AddHttpMessageHandler(sp => new RuntimeRequestCounter(sp.GetRequiredService<PortalMetrics>(), "agent"));
        services.AddHttpClient<DnsRegistry>(http => http.Timeout = TimeSpan.FromSeconds(15))
            .AddHttpMessageHandler(sp => new RuntimeRequestCounter(sp.GetRequiredService<PortalMetrics>(), "dns"));
        services.AddHealthChecks().AddCheck<RuntimeHealthCheck>("runtime", failureStatus: HealthStatus.Degraded, tags: ["runtime"]);
        return builder;
    }
}
