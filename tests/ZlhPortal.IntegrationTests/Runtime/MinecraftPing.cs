using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>
/// A Minecraft Java client as far as the server list goes (https://minecraft.wiki/w/Java_Edition_protocol/Server_List_Ping),
/// written independently of the simulator's server side so each checks the other: handshake naming the host the player
/// typed, status request, status JSON, ping/pong. Also the start of a login, to read the disconnect a server answers with.
/// </summary>
public static class MinecraftPing
{
    private const int ProtocolVersion = 769;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The status a server (or a proxy routing by <paramref name="hostname"/>) shows in the server list.</summary>
    public static async Task<MinecraftStatus> StatusAsync(string address, int port, string hostname, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(address, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Concat(Handshake(hostname, port, nextState: 1), Packet(0x00, [])), timeout.Token);

        var response = await ReadPacketAsync(stream, timeout.Token);
        var position = 0;
        Assert.Equal(0x00, ReadVarInt(response, ref position));
        var length = ReadVarInt(response, ref position);
        var json = Encoding.UTF8.GetString(response, position, length);

        var payload = Random.Shared.NextInt64();
        var ping = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(ping, payload);
        await stream.WriteAsync(Packet(0x01, ping), timeout.Token);
        var pong = await ReadPacketAsync(stream, timeout.Token);
        position = 0;
        Assert.Equal(0x01, ReadVarInt(pong, ref position));
        Assert.Equal(payload, BinaryPrimitives.ReadInt64BigEndian(pong.AsSpan(position)));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var players = root.GetProperty("players");
        return new MinecraftStatus(TextOf(root.GetProperty("description")), root.GetProperty("version").GetProperty("name").GetString()!,
            players.GetProperty("online").GetInt32(), players.GetProperty("max").GetInt32(), json);
    }

    /// <summary>Starts a login as <paramref name="player"/> and returns the text of the Disconnect the server answers with.</summary>
    public static async Task<string> LoginDisconnectAsync(string address, int port, string hostname, string player = "Steve", CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(address, port, timeout.Token);
        var stream = client.GetStream();
        // Login Start: name, then the player's UUID.
        var loginStart = Concat(String(player), Guid.NewGuid().ToByteArray());
        await stream.WriteAsync(Concat(Handshake(hostname, port, nextState: 2), Packet(0x00, loginStart)), timeout.Token);

        var disconnect = await ReadPacketAsync(stream, timeout.Token);
        var position = 0;
        Assert.Equal(0x00, ReadVarInt(disconnect, ref position));
        var length = ReadVarInt(disconnect, ref position);
        using var reason = JsonDocument.Parse(Encoding.UTF8.GetString(disconnect, position, length));
        return TextOf(reason.RootElement);
    }

    private static byte[] Handshake(string hostname, int port, int nextState)
    {
        var portBytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(portBytes, (ushort)port);
        return Packet(0x00, Concat(VarInt(ProtocolVersion), String(hostname), portBytes, VarInt(nextState)));
    }

    /// <summary>A chat component: a plain string, or an object whose <c>text</c> and <c>extra</c> parts make the text.</summary>
    private static string TextOf(JsonElement component) => component.ValueKind switch
    {
        JsonValueKind.String => component.GetString()!,
        JsonValueKind.Object => (component.TryGetProperty("text", out var text) ? text.GetString() : "")
            + (component.TryGetProperty("extra", out var extra) ? string.Concat(extra.EnumerateArray().Select(TextOf)) : ""),
        _ => component.ToString(),
    };

    private static async Task<byte[]> ReadPacketAsync(Stream stream, CancellationToken ct)
    {
        var length = 0;
        var one = new byte[1];
        for (var shift = 0; ; shift += 7)
        {
            await stream.ReadExactlyAsync(one, ct);
            length |= (one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                break;
            }
        }

        var packet = new byte[length];
        await stream.ReadExactlyAsync(packet, ct);
        return packet;
    }

    private static byte[] Packet(int id, byte[] fields)
    {
        var body = Concat(VarInt(id), fields);
        return Concat(VarInt(body.Length), body);
    }

    private static byte[] String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return Concat(VarInt(bytes.Length), bytes);
    }

    private static byte[] VarInt(int value)
    {
        var bytes = new List<byte>();
        var remaining = (uint)value;
        do
        {
            var b = (byte)(remaining & 0x7F);
            remaining >>= 7;
            bytes.Add(remaining == 0 ? b : (byte)(b | 0x80));
        }
        while (remaining != 0);
        return [.. bytes];
    }

    private static int ReadVarInt(byte[] data, ref int position)
    {
        var value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
