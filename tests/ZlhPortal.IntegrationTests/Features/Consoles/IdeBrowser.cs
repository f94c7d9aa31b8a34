using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.RegularExpressions;

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

    /// <summary>The origin of a server's IDE host, as a browser names it in an <c>Origin</c> header.</summary>
    public string Origin(int serverId) => Host(serverId).GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// Submits an "Open the IDE" form: posts <paramref name="ticket"/> to <paramref name="enter"/> as a page of
    /// <paramref name="origin"/> would (null: no <c>Origin</c> header at all), with the jar's cookies.
    /// </summary>
    public async Task<HttpResponseMessage> PostTicketAsync(Uri enter, string ticket, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, enter)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("ticket", ticket)]),
        };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The "Open the IDE" form of a page: where it posts and the ticket it carries.</summary>
    public static EnterForm ReadEnterForm(string html)
    {
        var form = Regex.Match(html, "<form id=\"ide-enter\" method=\"post\" action=\"([^\"]+)\">(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, $"No \"Open the IDE\" form in: {html}");
        var ticket = Regex.Match(form.Groups[2].Value, "<input type=\"hidden\" name=\"ticket\" value=\"([^\"]+)\">");
        Assert.True(ticket.Success, $"No ticket in the form: {form.Value}");
        Assert.Contains(">Open the IDE</button>", form.Groups[2].Value);
        return new EnterForm(WebUtility.HtmlDecode(form.Groups[1].Value), WebUtility.HtmlDecode(ticket.Groups[1].Value));
    }

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

    /// <summary>True when the socket ends (closed or cut) within five seconds.</summary>
    public static async Task<bool> EndsAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }
            }
        }
        catch (WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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

/// <summary>An "Open the IDE" form: its action as written in the page, and the ticket it posts.</summary>
public sealed record EnterForm(string Action, string Ticket);
