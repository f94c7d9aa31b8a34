using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZlhPortal.Simulator.Games;

/// <summary>
/// The game port of a simulated game server on its container address, open only while the game process runs, so a
/// player (or the edge in front of them) meets what a real server would: Minecraft answers the Server List Ping,
/// Terraria (TCP) and Valheim (UDP) answer with a one-line banner. Connections are refused while it is closed.
/// </summary>
internal sealed class GamePort : IDisposable
{
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);
    private readonly IPAddress address;
    private readonly string game;
    private readonly Func<GameIdentity> identity;
    private readonly Action<string> log;
    private readonly Lock gate = new();
    private CancellationTokenSource? serving;
    private Socket? tcp;
    private UdpClient? udp;
    private bool disposed;

    private GamePort(IPAddress address, string game, int port, Func<GameIdentity> identity, Action<string> log)
    {
        this.address = address;
        this.game = game;
        this.identity = identity;
        this.log = log;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The game port of a profile, or null for profiles without one (dev containers).</summary>
    public static GamePort? For(string profile, IPAddress address, Func<GameIdentity> identity, Action<string> log) => profile switch
    {
        var p when p.StartsWith("minecraft", StringComparison.Ordinal) => new GamePort(address, "minecraft", 25565, identity, log),
        "terraria" => new GamePort(address, "terraria", 7777, identity, log),
        "valheim" => new GamePort(address, "valheim", 2456, identity, log),
        _ => null,
    };

    /// <summary>Opens or closes the port; idempotent, and a no-op once disposed.</summary>
    public void SetOpen(bool open)
    {
        lock (gate)
        {
            if (open && serving is null && !disposed)
            {
                Open();
            }
            else if (!open && serving is not null)
            {
                Close();
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            if (serving is not null)
            {
                Close();
            }
        }
    }

    private void Open()
    {
        var endpoint = new IPEndPoint(address, Port);
        var cts = new CancellationTokenSource();
        try
        {
            if (game == "valheim")
            {
                udp = new UdpClient(endpoint);
                _ = AnswerDatagramsAsync(udp, cts.Token);
            }
            else
            {
                tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                // The port reopens at every restart while the last connections may still be in TIME_WAIT.
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(endpoint);
                tcp.Listen(128);
                _ = SocketClosing.AcceptEachAsync(tcp, ServeAsync, cts.Token);
            }

            serving = cts;
        }
        catch (SocketException ex)
        {
            // A real server that cannot bind keeps running without players; the console says why.
            log($"[WARN] Could not bind game port {endpoint}: {ex.SocketErrorCode}");
            tcp?.Dispose();
            udp?.Dispose();
            (tcp, udp) = (null, null);
            cts.Dispose();
        }
    }

    private void Close()
    {
        serving!.Cancel();
        serving.Dispose();
        serving = null;
        tcp?.Dispose();
        udp?.Dispose();
        (tcp, udp) = (null, null);
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectionTimeout);
        // Stopping the game drops its players, as a real server's exit does.
        using var drop = timeout.Token.Register(client.Dispose);
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            var who = identity();
            if (game == "terraria")
            {
                await stream.WriteAsync(Banner(who, "\n"), timeout.Token);
            }
            else if (await MinecraftWire.ReadFrameAsync(stream, timeout.Token) is { } frame && MinecraftHandshake.TryParse(frame) is { } handshake)
            {
                await MinecraftStatusServer.AnswerAsync(stream, handshake, who.Name, who.Version,
                    $"{who.Name} is a simulated server: there is no game to join.", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // A client that went away or spoke something else; either way the connection ends here.
        }

        await SocketClosing.GracefullyAsync(client, TimeSpan.FromSeconds(2));
    }

    private async Task AnswerDatagramsAsync(UdpClient socket, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveAsync(ct);
                await socket.SendAsync(Banner(identity(), ""), received.RemoteEndPoint, ct);
            }
            catch (SocketException) when (!ct.IsCancellationRequested)
            {
                // An ICMP "port unreachable" from an earlier reply's sender; the next datagram is unaffected.
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private byte[] Banner(GameIdentity who, string end) => Encoding.UTF8.GetBytes($"ZeroLagHub simulated {game} server {who.Name}{end}");
}
