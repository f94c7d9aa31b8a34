using System.Buffers.Binary;

namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>
/// Follows the WebSocket frame headers (RFC 6455 §5.2) in a byte stream that arrives in arbitrary pieces,
/// so the proxy can tell frames apart without decoding or buffering their payload.
/// </summary>
internal sealed class WebSocketFrameHeader
{
    private readonly byte[] header = new byte[14];
    private int count;

    /// <summary>Payload bytes of the current frame still to come; 0 between frames.</summary>
    public long PayloadRemaining { get; private set; }

    public bool AtBoundary => count == 0 && PayloadRemaining == 0;

    /// <summary>The raw bytes of the header <see cref="Feed"/> last completed.</summary>
    public ReadOnlySpan<byte> LastHeader => header.AsSpan(0, LastHeaderLength);

    public int LastHeaderLength { get; private set; }

    public byte Opcode { get; private set; }

    public long Length { get; private set; }

    /// <summary>Text, binary or continuation: what a console reads or types, as opposed to ping, pong and close.</summary>
    public bool IsData => Opcode < 8;

    /// <summary>Consumes header bytes; returns how many were used and whether a header is now complete.</summary>
    public int Feed(ReadOnlySpan<byte> data, out bool completed)
    {
        completed = false;
        var used = 0;
        while (used < data.Length)
        {
            header[count++] = data[used++];
            if (count < 2)
            {
                continue;
            }

            var length7 = header[1] & 0x7F;
            var needed = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
            if (count < needed)
            {
                continue;
            }

            Opcode = (byte)(header[0] & 0x0F);
            Length = length7 switch
            {
                126 => (header[2] << 8) | header[3],
                127 => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2, 8)), long.MaxValue),
                _ => length7,
            };
            LastHeaderLength = needed;
            PayloadRemaining = Length;
            count = 0;
            completed = true;
            return used;
        }

        return used;
    }

    public void Skip(int payloadBytes) => PayloadRemaining -= payloadBytes;
}
