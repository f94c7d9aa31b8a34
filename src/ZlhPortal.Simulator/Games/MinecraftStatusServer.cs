using System.Text.Json;

namespace ZlhPortal.Simulator.Games;

/// <summary>
/// The server side of the Java edition Server List Ping (https://minecraft.wiki/w/Java_Edition_protocol/Server_List_Ping):
/// status request → status JSON, ping → pong. A login is refused with a Disconnect, since no game runs behind it.
/// Used by simulated Minecraft servers and by the Velocity edge for hostnames it does not know.
/// </summary>
internal static class MinecraftStatusServer
{
    private const int StatusRequestId = 0x00;
    private const int PingRequestId = 0x01;

    /// <summary>Protocol numbers of the versions the catalog offers; any other version reports the client's own.</summary>
    private static readonly Dictionary<string, int> Protocols = new(StringComparer.Ordinal)
    {
        ["1.21.4"] = 769, ["1.21.3"] = 768, ["1.21.1"] = 767, ["1.21"] = 767, ["1.20.6"] = 766, ["1.20.4"] = 765, ["1.20.1"] = 763,
    };

    /// <summary>Answers the rest of a connection whose handshake has been read.</summary>
    public static async Task AnswerAsync(Stream stream, MinecraftHandshake handshake, string description, string version, string loginRefusal,
        CancellationToken ct)
    {
        if (handshake.NextState != MinecraftHandshake.StatusState)
        {
            // Login (and transfer) state: packet 0x00 is Disconnect, with a JSON text component.
            var reason = JsonSerializer.Serialize(new { text = loginRefusal });
            await stream.WriteAsync(MinecraftWire.Packet(0x00, w => MinecraftWire.WriteString(w, reason)), ct);
            return;
        }

        if (await MinecraftWire.ReadFrameAsync(stream, ct) is not { } request || FirstVarInt(request) != StatusRequestId)
        {
            return;
        }

        var status = JsonSerializer.Serialize(new
        {
            version = new { name = version, protocol = Protocols.GetValueOrDefault(version, handshake.ProtocolVersion) },
            players = new { max = 20, online = 0, sample = Array.Empty<object>() },
            description = new { text = description },
        });
        await stream.WriteAsync(MinecraftWire.Packet(0x00, w => MinecraftWire.WriteString(w, status)), ct);

        if (await MinecraftWire.ReadFrameAsync(stream, ct) is not { } ping || FirstVarInt(ping) != PingRequestId)
        {
            return;
        }

        var position = 0;
        MinecraftWire.ReadVarInt(ping.Payload, ref position);
        var payload = MinecraftWire.ReadLong(ping.Payload, ref position);
        await stream.WriteAsync(MinecraftWire.Packet(PingRequestId, w => MinecraftWire.WriteLong(w, payload)), ct);
    }

    private static int FirstVarInt(MinecraftFrame frame)
    {
        var position = 0;
        return MinecraftWire.ReadVarInt(frame.Payload, ref position);
    }
}
