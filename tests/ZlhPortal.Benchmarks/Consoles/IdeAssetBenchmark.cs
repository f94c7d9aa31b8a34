using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Consoles;
using ZlhPortal.Web.Features.Consoles.Ides;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>
/// B4: a 10 KB asset from a dev server's IDE, straight from the IDE port and through the portal's IDE host
/// (<c>{id}.ide.localhost</c>: host routing, IDE cookie, YARP), in the same run on the same simulated IDE.
/// Saturation: closed loop with a fixed number of connections, requests/s per path. Half load: both paths
/// paced at half the proxied saturation rate, latency percentiles per path. Blocks alternate between the paths
/// so drift on a shared machine hits both alike. Load generator, portal and simulator share this process.
/// </summary>
public static class IdeAssetBenchmark
{
    private const int AssetBytes = 10 * 1024;
    private const string AssetPath = "/api/files/content?path=static/bundle.js";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        var block = TimeSpan.FromSeconds(seconds);
        var data = Directory.CreateTempSubdirectory("zlh-bench-ide-").FullName;
        await using var portal = new BenchPortal(data);
        var baseUri = portal.Start();
        var server = await portal.CreateServerAsync(template: 250, ServerKind.Dev,
            new { vmid = BenchPortal.Vmid, container_type = "dev", runtime = "node", version = "22" });

        using var direct = Client(connections, null);
        direct.BaseAddress = new Uri($"http://{server.Address}:8080/");
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Credential);
        using var proxied = Client(connections, new IPEndPoint(IPAddress.Loopback, baseUri.Port));
        proxied.BaseAddress = new Uri($"http://{server.ServerId}.ide.localhost:{baseUri.Port}/");
        var ticket = portal.Services.GetRequiredService<ConsoleTickets>().Mint(server.OwnerId, server.ServerId, null, false, TicketPurpose.Ide);
        using (var enter = await proxied.GetAsync($"{IdeProxy.EnterPath}?ticket={ticket.Token}"))
        {
            var cookie = enter.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
            proxied.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        // The anchor for what forwarding alone costs: a bare IHttpForwarder app on its own Kestrel, same upstream.
        await using var bare = await BareForwarderAsync($"http://{server.Address}:8080", server.Credential);
        using var bareClient = Client(connections, null);
        bareClient.BaseAddress = new Uri(bare.Urls.First());

        var asset = new string('x', AssetBytes - 1) + "\n";
        (await direct.PutAsync(AssetPath, new StringContent(asset))).EnsureSuccessStatusCode();
        foreach (var client in new[] { direct, proxied, bareClient })
        {
            var body = await client.GetByteArrayAsync(AssetPath);
            if (body.Length != AssetBytes)
            {
                throw new InvalidOperationException($"The asset came back with {body.Length} bytes.");
            }
        }

        Console.WriteLine($"ide-asset: GET of a {AssetBytes / 1024} KB asset, {connections} connections, blocks of {block.TotalSeconds:0.#} s, "
            + $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores");

        // Warm-up (JIT, connection pools), then saturation in rounds of one block per path. Medians of the rounds,
        // and the ratio taken within each round, hold up against the load the machine's other users put on it.
        // Tiered compilation keeps re-jitting the hot paths for many seconds (a perf profile showed the JIT thread at
        // a third of all samples after a one-second warm-up), so each path warms up for several blocks first.
        for (var i = 0; i < 3; i++)
        {
            await SaturateAsync(direct, connections, block);
            await SaturateAsync(proxied, connections, block);
            await SaturateAsync(bareClient, connections, block);
        }

        var directRuns = new List<Throughput>();
        var proxiedRuns = new List<Throughput>();
        var bareRuns = new List<Throughput>();
        for (var i = 0; i < rounds; i++)
        {
            directRuns.Add(await SaturateAsync(direct, connections, block));
            proxiedRuns.Add(await SaturateAsync(proxied, connections, block));
            bareRuns.Add(await SaturateAsync(bareClient, connections, block));
        }

        Console.WriteLine($"  saturation (median of {rounds} rounds):");
        Summarise("direct ", directRuns);
        Summarise("proxied", proxiedRuns);
        Summarise("bare   ", bareRuns);
        Console.WriteLine($"    proxied/direct: {Median(directRuns.Zip(proxiedRuns, (d, p) => p.RequestsPerSecond / d.RequestsPerSecond)):0.00}× (target ≥ 0.40×); "
            + $"bare IHttpForwarder/direct: {Median(directRuns.Zip(bareRuns, (d, b) => b.RequestsPerSecond / d.RequestsPerSecond)):0.00}×");

        // Half load: the same paced rate on both paths, half of what the proxied path sustains.
        var rate = Median(proxiedRuns.Select(r => r.RequestsPerSecond)) / 2;
        var directTimes = new List<double>();
        var proxiedTimes = new List<double>();
        var addedPerRound = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var d = await PacedAsync(direct, rate, connections, block);
            var p = await PacedAsync(proxied, rate, connections, block);
            d.Sort();
            p.Sort();
            addedPerRound.Add(Percentiles.Of(p, 50) - Percentiles.Of(d, 50));
            directTimes.AddRange(d);
            proxiedTimes.AddRange(p);
        }

        directTimes.Sort();
        proxiedTimes.Sort();
        Console.WriteLine($"  half load ({rate:0} req/s on each path, {rounds} rounds):");
        Report("direct ", directTimes);
        Report("proxied", proxiedTimes);
        Console.WriteLine($"    added by the portal: p50 {Median(addedPerRound):0} µs (median of the rounds; target ≤ 1000 µs), "
            + $"pooled p50 {Percentiles.Of(proxiedTimes, 50) - Percentiles.Of(directTimes, 50):0} µs, pooled p99 {Percentiles.Of(proxiedTimes, 99) - Percentiles.Of(directTimes, 99):0} µs");
        return 0;
    }

    private static async Task<WebApplication> BareForwarderAsync(string upstream, string credential)
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

    private static void Summarise(string name, List<Throughput> runs) =>
        Console.WriteLine($"    {name}: {Median(runs.Select(r => r.RequestsPerSecond)),7:0} req/s (range {runs.Min(r => r.RequestsPerSecond):0}–{runs.Max(r => r.RequestsPerSecond):0}), "
            + $"CPU {Median(runs.Select(r => r.CpuMicrosecondsPerRequest)):0} µs/req (whole process: client, portal, simulator)");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return Percentiles.Of(sorted, 50);
    }

    private static void Report(string name, List<double> sorted) =>
        Console.WriteLine($"    {name}: p50 {Percentiles.Of(sorted, 50):0} µs, p90 {Percentiles.Of(sorted, 90):0} µs, p99 {Percentiles.Of(sorted, 99):0} µs ({sorted.Count} requests)");

    /// <summary>A client with its own pool; <paramref name="portal"/> set: every host name connects there (the IDE hosts).</summary>
    private static HttpClient Client(int connections, IPEndPoint? portal)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        if (portal is not null)
        {
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(portal, ct);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        return new HttpClient(handler);
    }

    private static async Task<Throughput> SaturateAsync(HttpClient client, int connections, TimeSpan duration)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var done = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                await FetchAsync(client);
                done++;
            }

            return done;
        }));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var total = counts.Sum();
        return new Throughput(total / elapsed.TotalSeconds, used.TotalMicroseconds / total);
    }

    /// <summary>Requests at a fixed overall rate spread over workers; returns each request's latency in µs.</summary>
    private static async Task<List<double>> PacedAsync(HttpClient client, double rate, int workers, TimeSpan duration)
    {
        var interval = TimeSpan.FromSeconds(workers / rate);
        var start = Stopwatch.GetTimestamp();
        var perWorker = await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            var times = new List<double>();
            // Workers start staggered, so requests are spread evenly rather than sent in bursts of <workers>.
            var due = interval * worker / workers;
            while (due < duration)
            {
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var sent = Stopwatch.GetTimestamp();
                await FetchAsync(client);
                times.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                due += interval;
            }

            return times;
        }));
        return perWorker.SelectMany(t => t).ToList();
    }

    private static async Task FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync(AssetPath, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
    }

    private sealed record Throughput(double RequestsPerSecond, double CpuMicrosecondsPerRequest);
}
