using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZlhPortal.Benchmarks.Circuits;

/// <summary>
/// B2's reference for what the machine itself allows: the least a server-rendered click can be. A page with the same
/// drawer and toggle button as the portal's layout; a click sends one WebSocket message to a bare Kestrel endpoint in
/// this process, which echoes it, and the page toggles the drawer's class on the echo. No Blazor, no portal, no
/// rendering on the server: the browser, the socket and Kestrel only.
/// </summary>
internal sealed class BareRoundTrip : IAsyncDisposable
{
    private const string Page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>bare round trip</title></head>
        <body>
        <div class="mud-drawer mud-drawer--closed"></div>
        <button aria-label="Toggle navigation">Toggle</button>
        <script>
        const drawer = document.querySelector('.mud-drawer');
        const socket = new WebSocket(`ws://${location.host}/ws`);
        socket.onopen = () => document.body.dataset.ready = 'yes';
        socket.onmessage = () => {
          drawer.className = drawer.className.endsWith('closed') ? 'mud-drawer mud-drawer--open' : 'mud-drawer mud-drawer--closed';
        };
        document.querySelector('button').addEventListener('click', () => socket.send('toggle'));
        </script>
        </body></html>
        """;

    private readonly WebApplication app;

    private BareRoundTrip(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<BareRoundTrip> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareRoundTrip(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
