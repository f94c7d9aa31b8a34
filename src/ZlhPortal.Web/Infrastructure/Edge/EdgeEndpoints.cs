using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>Resolves <see cref="EdgeSettings"/>: the configured edge, or with a simulated runtime the simulator's Velocity edge.</summary>
public sealed class EdgeEndpoints(IOptions<EdgeOptions> edge, IOptions<RuntimeOptions> runtime, EmbeddedSimulator simulator)
{
    public async Task<EdgeSettings> GetAsync()
    {
        var o = edge.Value;
        if (o.Mode == EdgeMode.Gateway && runtime.Value.Mode == RuntimeMode.Simulator)
        {
            var host = await simulator.GetAsync();
            var edgeAddress = host.EdgeEndpoint.Address.ToString();
            return new EdgeSettings(o.Mode,
                string.IsNullOrWhiteSpace(o.Velocity.BaseUrl) ? host.VelocityBridgeUrl : new Uri(o.Velocity.BaseUrl),
                string.IsNullOrEmpty(o.Velocity.Secret) ? host.VelocitySecret : o.Velocity.Secret,
                o.Velocity.Address ?? edgeAddress,
                o.Velocity.Address is null ? host.EdgeEndpoint.Port : o.Velocity.Port,
                o.Traefik.Address ?? edgeAddress);
        }

        return new EdgeSettings(o.Mode, string.IsNullOrWhiteSpace(o.Velocity.BaseUrl) ? null : new Uri(o.Velocity.BaseUrl.TrimEnd('/') + "/"),
            o.Velocity.Secret ?? "", o.Velocity.Address, o.Velocity.Port, o.Traefik.Address);
    }
}
