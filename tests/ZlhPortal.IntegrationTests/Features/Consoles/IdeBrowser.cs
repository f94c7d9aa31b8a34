using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// Reaches IDE hosts (<c>{id}.ide.localhost:{port}</c>) as a browser would: by name, with its own cookie jar, every
/// name connecting to the portal's loopback port whatever the local resolver does with <c>*.localhost</c>.
/// </summary>
public sealed class IdeBrowser : IDisposable
{
    private readonly Uri portal;
    private readonly SocketsHttpHandler handler;
    private readonly HttpMessageInvoker sockets;

    public IdeBrowser(Uri portal)
    {
        this.portal = portal;
        handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            CookieContainer = Cookies,
            ConnectCallback = ConnectToPortalAsync,
        };
        Http = new HttpClient(handler, disposeHandler: false);
        sockets = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, ConnectCallback = ConnectToPortalAsync });
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public Uri Host(int serverId, string pathAndQuery = "/") => new($"http://{serverId}.ide.localhost:{portal.Port}{pathAndQuery}");

    /// <summary>Sends a request with exactly the cookies given (none from the jar), e.g. to replay a cookie elsewhere.</summary>
    public async Task<HttpResponseMessage> SendWithCookiesAsync(Uri url, string? cookieHeader, string? authorization = null, IDictionary<string, string>? headers = null)
    {
        using var bare = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, ConnectCallback = ConnectToPortalAsync });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookieHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await bare.SendAsync(request);
    }

    /// <summary>
    /// Opens a WebSocket on an IDE host with the jar's cookies for it (or an explicit Cookie header), from the IDE's own
    /// page unless <paramref name="origin"/> names another.
    /// </summary>
    public async Task<ClientWebSocket> ConnectAsync(int serverId, string path, string? cookieHeader = null, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var url = new Uri($"ws://{serverId}.ide.localhost:{portal.Port}{path}");
        if ((cookieHeader ?? Cookies.GetCookieHeader(Host(serverId))) is { Length: > 0 } cookies)
        {
            socket.Options.SetRequestHeader("Cookie", cookies);
        }

        socket.Options.SetRequestHeader("Origin", origin ?? Host(serverId).GetLeftPart(UriPartial.Authority));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(url, sockets, timeout.Token);
        return socket;
    }

    private async ValueTask<Stream> ConnectToPortalAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(portal.Host), portal.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
        sockets.Dispose();
    }
}
