using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ZlhPortal.Simulator.Games;

namespace ZlhPortal.Simulator.Velocity;

/// <summary>
/// Velocity's player listener (DESIGN.md §11): reads the Minecraft handshake, routes by the hostname the player typed to
/// the server registered under it, replays the handshake there and relays bytes both ways until either side closes.
/// A hostname nobody registered gets a status saying so in the server list, and a disconnect naming it on login.
/// </summary>
internal sealed class VelocityEdge(VelocityRegistry registry) : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource life = new();
    private Socket? listener;
    private Task? accepting;

    /// <summary>Starts listening; returns the bound endpoint.</summary>
    public IPEndPoint Start(IPAddress address, int port)
    {
        listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen(512);
        accepting = SocketClosing.AcceptEachAsync(listener, HandleAsync, life.Token);
        return (IPEndPoint)listener.LocalEndPoint!;
    }

    public async ValueTask DisposeAsync()
    {
        await life.CancelAsync();
        listener?.Dispose();
        if (accepting is not null)
        {
            await accepting;
        }

        life.Dispose();
    }

    private async Task HandleAsync(Socket player, CancellationToken ct)
    {
        // Stopping the simulator drops every player, as Velocity's exit does.
        using var drop = ct.Register(player.Dispose);
        try
        {
            var stream = new NetworkStream(player, ownsSocket: false);
            MinecraftHandshake? handshake;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(HandshakeTimeout);
                handshake = await MinecraftWire.ReadFrameAsync(stream, timeout.Token) is { } frame ? MinecraftHandshake.TryParse(frame) : null;
            }

            if (handshake is null)
            {
                player.Dispose();
                return;
            }

            var host = handshake.Hostname;
            var route = registry.Find(host);
            using var backend = route is null ? null : await ConnectAsync(route.Address, route.Port, ct);
            if (backend is null)
            {
                var reason = route is null ? $"No server is registered as {host}" : $"Could not connect to {host}: its server is not reachable";
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(HandshakeTimeout);
                await MinecraftStatusServer.AnswerAsync(stream, handshake, route is null ? $"Unknown server {host}" : reason, "Velocity", reason, timeout.Token);
                await SocketClosing.GracefullyAsync(player, TimeSpan.FromSeconds(2));
                return;
            }

            await backend.SendAsync(handshake.Frame.Raw, SocketFlags.None, ct);
            await RelayAsync(player, backend, ct);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // A player who went away or spoke something else; the connection ends here.
        }
        finally
        {
            player.Dispose();
        }
    }

    private static async Task<Socket?> ConnectAsync(string address, int port, CancellationToken ct)
    {
        var backend = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await backend.ConnectAsync(address, port, timeout.Token);
            return backend;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            backend.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Each direction ends with a FIN passed on to the other side, so an answer in flight still arrives; once one side
    /// has finished, the other gets a short grace to finish too.
    /// </summary>
    private static async Task RelayAsync(Socket player, Socket backend, CancellationToken ct)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var up = PumpAsync(player, backend, both.Token);
        var down = PumpAsync(backend, player, both.Token);
        await Task.WhenAny(up, down);
        both.CancelAfter(TimeSpan.FromSeconds(5));
        await Task.WhenAll(up, down);
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, ct);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side reset or the grace ended; disposing both sockets ends the other direction too.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
