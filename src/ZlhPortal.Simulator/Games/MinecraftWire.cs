using System.Buffers;
using System.Text;

namespace ZlhPortal.Simulator.Games;

/// <summary>
/// The framing of the Minecraft Java protocol before encryption and compression: each packet is a VarInt length, then
/// a VarInt packet id and its fields (https://minecraft.wiki/w/Java_Edition_protocol). Enough for the handshake, the
/// status exchange and a login disconnect, which is all a status server or a routing proxy needs to read.
/// </summary>
internal static class MinecraftWire
{
    /// <summary>Handshake and status packets are tiny; a larger length means this is not a Minecraft client.</summary>
    public const int MaxFrameLength = 4096;

    /// <summary>Reads one packet, returning its bytes exactly as they arrived, or null if the peer closed before sending any.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a Minecraft packet.</exception>
    public static async Task<MinecraftFrame?> ReadFrameAsync(Stream stream, CancellationToken ct)
    {
        var raw = new List<byte>(8);
        var length = 0;
        var one = new byte[1];
        for (var shift = 0; ; shift += 7)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return raw.Count == 0 ? null : throw new InvalidDataException("connection closed inside a packet length");
            }

            raw.Add(one[0]);
            length |= (one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                break;
            }

            if (shift >= 14)
            {
                throw new InvalidDataException("packet length too long");
            }
        }

        if (length is < 1 or > MaxFrameLength)
        {
            throw new InvalidDataException($"packet length {length} out of range");
        }

        var frame = new byte[raw.Count + length];
        raw.CopyTo(frame);
        await stream.ReadExactlyAsync(frame.AsMemory(raw.Count), ct);
        return new MinecraftFrame(frame, raw.Count);
    }

    /// <summary>A whole packet: length, id, fields.</summary>
    public static byte[] Packet(int id, Action<ArrayBufferWriter<byte>> fields)
    {
        var body = new ArrayBufferWriter<byte>();
        WriteVarInt(body, id);
        fields(body);
        var packet = new ArrayBufferWriter<byte>(body.WrittenCount + 5);
        WriteVarInt(packet, body.WrittenCount);
        packet.Write(body.WrittenSpan);
        return packet.WrittenSpan.ToArray();
    }

    public static void WriteVarInt(ArrayBufferWriter<byte> writer, int value)
    {
        var remaining = (uint)value;
        do
        {
            var b = (byte)(remaining & 0x7F);
            remaining >>= 7;
            writer.Write([remaining == 0 ? b : (byte)(b | 0x80)]);
        }
        while (remaining != 0);
    }

    public static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVarInt(writer, bytes.Length);
        writer.Write(bytes);
    }

    public static void WriteLong(ArrayBufferWriter<byte> writer, long value)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        writer.Write(bytes);
    }

    public static int ReadVarInt(ReadOnlySpan<byte> data, ref int position)
    {
        var value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("VarInt runs past the packet");
            }

            var b = data[position++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("VarInt too long");
    }

    public static string ReadString(ReadOnlySpan<byte> data, ref int position, int maxBytes)
    {
        var length = ReadVarInt(data, ref position);
        if (length < 0 || length > maxBytes || position + length > data.Length)
        {
            throw new InvalidDataException("string length out of range");
        }

        var text = Encoding.UTF8.GetString(data.Slice(position, length));
        position += length;
        return text;
    }

    public static ushort ReadUnsignedShort(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 2 > data.Length)
        {
            throw new InvalidDataException("short runs past the packet");
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        position += 2;
        return value;
    }

    public static long ReadLong(ReadOnlySpan<byte> data, ref int position)
    {
        if (position + 8 > data.Length)
        {
            throw new InvalidDataException("long runs past the packet");
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(data[position..]);
        position += 8;
        return value;
    }
}
