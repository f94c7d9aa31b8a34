namespace ZlhPortal.Simulator.Games;

/// <summary>The first packet of every Minecraft connection: which server the player typed and what it wants next.</summary>
internal sealed record MinecraftHandshake(int ProtocolVersion, string ServerAddress, ushort Port, int NextState, MinecraftFrame Frame)
{
    public const int StatusState = 1;

    /// <summary>
    /// The hostname to route by: Forge appends <c>\0FML…\0</c> markers to it, and a player may type a trailing dot.
    /// </summary>
    public string Hostname
    {
        get
        {
            var host = ServerAddress;
            var marker = host.IndexOf('\0', StringComparison.Ordinal);
            if (marker >= 0)
            {
                host = host[..marker];
            }

            return host.TrimEnd('.');
        }
    }

    /// <summary>Null when the packet is not a handshake (a legacy ping, a stray protocol, garbage).</summary>
    public static MinecraftHandshake? TryParse(MinecraftFrame frame)
    {
        try
        {
            var payload = frame.Payload;
            var position = 0;
            if (MinecraftWire.ReadVarInt(payload, ref position) != 0)
            {
                return null;
            }

            var protocol = MinecraftWire.ReadVarInt(payload, ref position);
            var address = MinecraftWire.ReadString(payload, ref position, 1024);
            var port = MinecraftWire.ReadUnsignedShort(payload, ref position);
            var next = MinecraftWire.ReadVarInt(payload, ref position);
            return next is >= 1 and <= 3 ? new MinecraftHandshake(protocol, address, port, next, frame) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
