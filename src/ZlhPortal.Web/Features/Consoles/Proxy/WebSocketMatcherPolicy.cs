using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Matching;

namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>
/// The console page and its socket share one address (<c>/servers/{id}/console</c>): a WebSocket handshake
/// (HTTP/1.1 Upgrade or HTTP/2 extended CONNECT) selects the socket endpoint, anything else the page.
/// </summary>
internal sealed class WebSocketMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<WebSocketOnlyMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var isWebSocket = IsWebSocketHandshake(httpContext);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && (candidates[i].Endpoint.Metadata.GetMetadata<WebSocketOnlyMetadata>() is not null) != isWebSocket)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    public static bool IsWebSocketHandshake(HttpContext context)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
        {
            return string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
        }

        return HttpMethods.IsGet(context.Request.Method)
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
            && context.Request.Headers.Upgrade.Any(v => string.Equals(v, "websocket", StringComparison.OrdinalIgnoreCase));
    }
}
