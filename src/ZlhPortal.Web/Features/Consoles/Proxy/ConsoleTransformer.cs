using System.Net;
using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>
/// Turns the browser's console request into the agent's: its own URL, the server's agent credential, and nothing
/// of the portal's (cookies, the user's authorization, forwarding headers). The agent's answer never sets cookies.
/// </summary>
internal sealed class ConsoleTransformer(Uri agentConsole, string agentCredential) : HttpTransformer
{
    private static readonly string[] Removed =
    [
        HeaderNames.Cookie, HeaderNames.Authorization, HeaderNames.ProxyAuthorization, HeaderNames.Origin, HeaderNames.Referer,
        "Forwarded", "Sec-WebSocket-Extensions",
    ];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = agentConsole;
        proxyRequest.Headers.Host = null;
        foreach (var name in Removed)
        {
            proxyRequest.Headers.Remove(name);
        }

        // X-Forwarded-*, X-Real-IP, X-Requested-With…: the agent has no business with any of them.
        foreach (var name in proxyRequest.Headers.Select(h => h.Key).Where(k => k.StartsWith("X-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            proxyRequest.Headers.Remove(name);
        }

        proxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentCredential);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && proxyResponse.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            // Anything but an accepted upgrade is the agent's problem, not the user's: no agent body or status reaches the browser.
            httpContext.Response.StatusCode = StatusCodes.Status502BadGateway;
            return false;
        }

        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers.Remove(HeaderNames.SetCookie);
        return copyBody;
    }
}
