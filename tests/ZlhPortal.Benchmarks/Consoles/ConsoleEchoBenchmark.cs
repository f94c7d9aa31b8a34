using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Consoles;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>
/// B3 (round trip): a console command and its answer, straight to the agent's <c>/console/stream</c> and through
/// the portal's <c>/servers/{id}/console</c>, in the same run on the same simulated agent. The agent answers
/// <c>say r123</c> with one line, so the figure is command-to-answer time, the same work on both paths. Only one
/// socket is open at a time: the agent sends every line to every console, and a second socket would find its
/// answers already waiting.
/// </summary>
public static class ConsoleEchoBenchmark
{
    // Markers are unique across processes too: the console history a new socket replays holds earlier clients' markers.
    private static readonly string Run = Guid.NewGuid().ToString("N")[..8];
    private static int sequence;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var data = Directory.CreateTempSubdirectory("zlh-bench-console-").FullName;
        await using var portal = new BenchPortal(data);
        var baseUri = portal.Start();
        var (serverId, ownerId, address, credential) = await portal.CreateServerAsync(
            template: 200, ServerKind.Game, new { vmid = BenchPortal.Vmid, game = "minecraft", variant = "paper", version = "1.21.4" });

        var tickets = portal.Services.GetRequiredService<ConsoleTickets>();
        Task<ClientWebSocket> DirectAsync() => ConnectAsync(new Uri($"ws://{address}:18888/console/stream"), $"Bearer {credential}");
        Task<ClientWebSocket> ProxiedAsync() =>
            ConnectAsync(new Uri($"ws://{baseUri.Authority}/servers/{serverId}/console?ticket={tickets.Mint(ownerId, serverId, null, false).Token}"), null);

        // Interleaved blocks, so drift on a shared machine (GC, the other process) hits both paths alike.
        await RoundsAsync(DirectAsync, 200);
        await RoundsAsync(ProxiedAsync, 200);
        var directTimes = new List<double>();
        var proxiedTimes = new List<double>();
        for (var block = 0; block < 10; block++)
        {
            directTimes.AddRange(await RoundsAsync(DirectAsync, rounds / 10));
            proxiedTimes.AddRange(await RoundsAsync(ProxiedAsync, rounds / 10));
        }

        directTimes.Sort();
        proxiedTimes.Sort();
        Console.WriteLine($"console-echo: {rounds} rounds of 'say' and its answer, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Report("direct ", directTimes);
        Report("proxied", proxiedTimes);
        Console.WriteLine($"  added by the portal: p50 {Percentiles.Of(proxiedTimes, 50) - Percentiles.Of(directTimes, 50):0} µs, "
            + $"p99 {Percentiles.Of(proxiedTimes, 99) - Percentiles.Of(directTimes, 99):0} µs");
        return 0;
    }

    private static void Report(string name, List<double> sorted) =>
        Console.WriteLine($"  {name}: p50 {Percentiles.Of(sorted, 50):0} µs, p90 {Percentiles.Of(sorted, 90):0} µs, p99 {Percentiles.Of(sorted, 99):0} µs");

    internal static async Task<ClientWebSocket> ConnectAsync(Uri uri, string? authorization)
    {
        var socket = new ClientWebSocket();
        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        await socket.ConnectAsync(uri, CancellationToken.None);
        // Past the replayed history: everything after this marker is an answer to this socket's commands.
        var marker = $"sync{Run}-{Interlocked.Increment(ref sequence)}.";
        await socket.SendAsync(Encoding.UTF8.GetBytes($"say {marker}"), WebSocketMessageType.Text, true, CancellationToken.None);
        await ReadUntilAsync(socket, $"[Server] {marker}");
        return socket;
    }

    internal static async Task<List<double>> RoundsAsync(Func<Task<ClientWebSocket>> connect, int rounds)
    {
        using var socket = await connect();
        var times = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            var marker = $"r{Run}-{Interlocked.Increment(ref sequence)}.";
            var command = Encoding.UTF8.GetBytes($"say {marker}");
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(command, WebSocketMessageType.Text, true, CancellationToken.None);
            await ReadUntilAsync(socket, $"[Server] {marker}");
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return times;
    }

    internal static async Task ReadUntilAsync(WebSocket socket, string text)
    {
        var buffer = new byte[8192];
        var message = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The console closed.");
            }

            message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage)
            {
                if (message.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                message.Clear();
            }
        }
    }
}
