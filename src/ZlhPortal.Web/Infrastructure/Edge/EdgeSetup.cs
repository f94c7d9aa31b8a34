using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Metrics;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Infrastructure.Edge;

public static class EdgeSetup
{
    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.PortFirst <= o.PortLast, "Edge:PortFirst must not be above Edge:PortLast.")
            .Validate<IOptions<RuntimeOptions>>((edge, runtime) => !edge.IsGateway || runtime.Value.Mode == RuntimeMode.Simulator ||
                    (!string.IsNullOrWhiteSpace(edge.Velocity.BaseUrl) && !string.IsNullOrEmpty(edge.Velocity.Secret)
                     && !string.IsNullOrWhiteSpace(edge.Velocity.Address) && !string.IsNullOrWhiteSpace(edge.Traefik.Address)),
                "Edge:Mode=Gateway needs Edge:Velocity:BaseUrl, Edge:Velocity:Secret, Edge:Velocity:Address and Edge:Traefik:Address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<EdgeEndpoints>();
        builder.Services.AddHttpClient<VelocityBridge>(http => http.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .AddHttpMessageHandler(sp => new RuntimeRequestCounter(sp.GetRequiredService<PortalMetrics>(), "velocity"));
        return builder;
    }
}
