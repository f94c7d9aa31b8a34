using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZlhPortal.IntegrationTests.Features.Notifications;

/// <summary>A webhook receiver on a loopback port: records each call and answers with the status code set for its path.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly ConcurrentDictionary<string, int> answers = new();

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    private WebhookListener(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            listener.Calls.Enqueue(new ReceivedCall(context.Request.Path, body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.StatusCode = listener.answers.GetValueOrDefault(context.Request.Path.Value ?? "", StatusCodes.Status204NoContent);
        });
        await app.StartAsync();
        listener.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return listener;
    }

    /// <summary>A URL on this listener that answers <paramref name="status"/>.</summary>
    public string Url(string path, int status = StatusCodes.Status204NoContent)
    {
        answers[path] = status;
        return new Uri(BaseAddress, path).ToString();
    }

    public IReadOnlyList<ReceivedCall> CallsTo(string path) => Calls.Where(c => c.Path == path).ToList();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public sealed record ReceivedCall(string Path, string Body, IReadOnlyDictionary<string, string> Headers);
}
