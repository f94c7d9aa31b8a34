using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The agent's <c>GET /console/stream</c> WebSocket: the console history, then live lines; text frames from the
/// client are console commands.
/// </summary>
internal sealed class ConsoleSocket(AgentRuntime agent)
{
    /// <summary>
    /// Bench only (benchmark B3, bulk console output): <c>bench-flood BYTES FRAME</c> sends BYTES of filler to this
    /// socket alone in FRAME-byte text messages, awaiting each send (the socket's own backpressure), then one line
    /// <c>bench-flood done</c>. It bypasses the console history and the other subscribers, so a real console never
    /// sees it; the shared hub drops lines under load and could not carry megabytes.
    /// </summary>
    internal const string BenchFloodCommand = "bench-flood ";

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "WebSocket upgrade required" });
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var (history, live) = agent.Console.Subscribe();
        try
        {
            foreach (var line in history)
            {
                await SendAsync(socket, line);
            }

            bool drop;
            lock (agent.Cluster.Gate)
            {
                drop = agent.Cluster.Faults.DropConsole.Contains(agent.Vmid);
            }

            if (drop)
            {
                // Ending the request without a close frame closes the connection under the client,
                // as when an agent dies; an abort would reset it before the history arrived.
                return;
            }

            using var sending = new SemaphoreSlim(1, 1);
            var receiving = ReceiveCommandsAsync(socket, live, sending);
            await foreach (var line in live.Reader.ReadAllAsync(agent.Lifetime))
            {
                await sending.WaitAsync(agent.Lifetime);
                try
                {
                    await SendAsync(socket, line);
                }
                finally
                {
                    sending.Release();
                }
            }

            await receiving;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Client went away or the container stopped.
        }
        finally
        {
            agent.Console.Unsubscribe(live);
        }
    }

    private Task SendAsync(WebSocket socket, string line) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(line), WebSocketMessageType.Text, true, agent.Lifetime);

    private async Task ReceiveCommandsAsync(WebSocket socket, Channel<string> live, SemaphoreSlim sending)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        var message = new StringBuilder();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, agent.Lifetime);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                if (message.Length > 4096)
                {
                    message.Clear();
                    continue;
                }

                if (result.EndOfMessage)
                {
                    var text = message.ToString();
                    message.Clear();
                    if (text.StartsWith(BenchFloodCommand, StringComparison.Ordinal))
                    {
                        await BenchFloodAsync(socket, text, sending);
                        continue;
                    }

                    agent.Process.Command(text);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            agent.Console.Unsubscribe(live);
        }
    }

    private async Task BenchFloodAsync(WebSocket socket, string text, SemaphoreSlim sending)
    {
        var parts = text[BenchFloodCommand.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var total = parts.Length > 0 && long.TryParse(parts[0], out var t) ? Math.Clamp(t, 0, 1L << 30) : 1 << 20;
        var frameSize = parts.Length > 1 && int.TryParse(parts[1], out var f) ? Math.Clamp(f, 1, 1 << 20) : 16 * 1024;
        var frame = new byte[frameSize];
        Array.Fill(frame, (byte)'x');
        await sending.WaitAsync(agent.Lifetime);
        try
        {
            for (long sent = 0; sent < total; sent += frameSize)
            {
                var count = (int)Math.Min(frameSize, total - sent);
                await socket.SendAsync(frame.AsMemory(0, count), WebSocketMessageType.Text, true, agent.Lifetime);
            }

            await SendAsync(socket, "bench-flood done");
        }
        finally
        {
            sending.Release();
        }
    }
}
