using System.Net.Http.Headers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// Between the browser and a dev server's IDE. Upstream gets the IDE's own cookies but none of the portal's (nor the
/// IDE cookie), no user authorization, only the server's agent credential. The browser gets the IDE's answer minus
/// what could reach beyond the IDE's host: cookies with a <c>Domain</c> attribute and <c>Clear-Site-Data</c>
/// (which acts on the whole registrable domain, the portal's included).
/// </summary>
internal sealed class IdeTransformer(string agentCredential) : HttpTransformer
{
    private static readonly string[] Removed =
    [
        HeaderNames.Cookie, HeaderNames.Authorization, HeaderNames.ProxyAuthorization, "Forwarded",
    ];

    private readonly AuthenticationHeaderValue authorization = new("Bearer", agentCredential);

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        // The IDE checks WebSocket origins against the host it is served on (code-server does), so it sees the public one.
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        foreach (var name in Removed)
        {
            proxyRequest.Headers.Remove(name);
        }

        foreach (var header in httpContext.Request.Headers)
        {
            // The edge proxy's view of the client (X-Original-* once the portal has read it) is the portal's business.
            if (header.Key.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) || header.Key.StartsWith("X-Original-", StringComparison.OrdinalIgnoreCase))
            {
                proxyRequest.Headers.Remove(header.Key);
            }
        }

        if (httpContext.Request.Headers.Cookie.Count > 0 && IdeCookies(httpContext.Request.Headers.Cookie) is { Length: > 0 } cookies)
        {
            proxyRequest.Headers.TryAddWithoutValidation(HeaderNames.Cookie, cookies);
        }

        proxyRequest.Headers.Authorization = authorization;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var headers = httpContext.Response.Headers;
        headers.Remove("Clear-Site-Data");
        var setCookies = headers.SetCookie;
        if (setCookies.Count > 0)
        {
            var kept = setCookies.Where(c => c is not null && IsHostOnlyIdeCookie(c)).ToArray();
            if (kept.Length == setCookies.Count)
            {
                return copyBody;
            }

            if (kept.Length == 0)
            {
                headers.Remove(HeaderNames.SetCookie);
            }
            else
            {
                headers.SetCookie = new StringValues(kept);
            }
        }

        return copyBody;
    }

    /// <summary>The browser's cookies for the IDE host without the portal's: the IDE cookie and anything named like a portal cookie.</summary>
    internal static string IdeCookies(StringValues header)
    {
        var kept = new List<string>();
        foreach (var line in header)
        {
            foreach (var pair in (line ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var name = pair.Split('=', 2)[0].Trim();
                if (!IdeProxy.IsPortalCookie(name))
                {
                    kept.Add(pair);
                }
            }
        }

        return string.Join("; ", kept);
    }

    /// <summary>A cookie the IDE may set: for its own host only (no <c>Domain</c>), and not posing as a portal cookie.</summary>
    internal static bool IsHostOnlyIdeCookie(string setCookie)
    {
        var parts = setCookie.Split(';');
        if (IdeProxy.IsPortalCookie(parts[0].Split('=', 2)[0].Trim()))
        {
            return false;
        }

        return !parts.Skip(1).Any(attribute => attribute.Split('=', 2)[0].Trim().Equals("Domain", StringComparison.OrdinalIgnoreCase));
    }
}
