using System.Net.Sockets;

namespace ZlhPortal.Simulator.Games;

/// <summary>How the simulator's raw TCP listeners (game ports, the Velocity edge) take connections in and let them go.</summary>
internal static class SocketClosing
{
    /// <summary>
    /// Closing a TCP socket that still has unread input sends a reset, and a reset can make the peer drop the last answer
    /// before reading it (a client pipelines its status request behind the handshake). So: FIN first, read what is left
    /// until the peer closes or a short grace ends, then close.
    /// </summary>
    public static async Task GracefullyAsync(Socket socket, TimeSpan grace)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var timeout = new CancellationTokenSource(grace);
            var buffer = new byte[1024];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>
    /// Accepts connections until the listener closes or <paramref name="ct"/> ends, handing each to <paramref name="serve"/>
    /// without waiting for it (one slow client never holds up the next).
    /// </summary>
    public static async Task AcceptEachAsync(Socket listener, Func<Socket, CancellationToken, Task> serve, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            _ = serve(client, ct);
        }
    }
}
