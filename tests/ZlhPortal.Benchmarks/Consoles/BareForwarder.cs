using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>
/// The anchor for what forwarding alone costs: YARP's <c>IHttpForwarder</c> on its own Kestrel, forwarding every
/// request (HTTP or WebSocket) to one upstream with the agent's credential and nothing else: no tickets, sessions,
/// header filtering or output budget.
/// </summary>
public static class BareForwarder
{
    public static async Task<WebApplication> StartAsync(string upstream, string credential)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
        var transformer = new BearerTransformer(credential);
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(async context => await forwarder.SendAsync(context, upstream, invoker, ForwarderRequestConfig.Empty, transformer));
        await app.StartAsync();
        return app;
    }

    private sealed class BearerTransformer(string credential) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
    }
}
