using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>Opens console sockets against a portal on Kestrel the way a browser or an API client would.</summary>
public sealed class ConsoleClient(Uri portal)
{
    public string Origin => portal.GetLeftPart(UriPartial.Authority);

    public async Task<ClientWebSocket> ConnectAsync(string pathAndQuery, CookieContainer? cookies = null, string? origin = null, string? authorization = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.Cookies = cookies;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://{portal.Authority}{pathAndQuery}"), timeout.Token);
        return socket;
    }

    /// <summary>A handshake the portal refuses: its status code and plain-text body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> RefusedAsync(string pathAndQuery, CookieContainer? cookies = null, string? origin = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(portal, pathAndQuery));
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.SwitchingProtocols, response.StatusCode);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads text frames until one contains <paramref name="text"/>; returns everything read.</summary>
    public static async Task<List<string>> ReadUntilAsync(WebSocket socket, string text, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var lines = new List<string>();
        var buffer = new byte[16 * 1024];
        var message = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new Xunit.Sdk.XunitException($"Closed ({result.CloseStatus} {result.CloseStatusDescription}) before '{text}'; read: {string.Join(" | ", lines)}");
            }

            message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (!result.EndOfMessage)
            {
                continue;
            }

            lines.Add(message.ToString());
            message.Clear();
            if (lines[^1].Contains(text, StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }

    /// <summary>Reads until the socket ends; returns the close description, or null when the connection just dropped.</summary>
    /// <summary>
    /// How soon a revoked console must close for the push path to count as working: well inside the 30-second re-check
    /// that would close it otherwise, and loose enough that a busy 2-core machine running the suite does not fail it
    /// (a push-path close takes milliseconds when the machine is idle; a slow moment once took 1.5 s).
    /// </summary>
    public static readonly TimeSpan PromptClose = TimeSpan.FromSeconds(5);

    public static async Task<string?> ReadToEndAsync(WebSocket socket, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return result.CloseStatusDescription;
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    public static Task SendAsync(WebSocket socket, string command) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(command), WebSocketMessageType.Text, true, CancellationToken.None);
}
