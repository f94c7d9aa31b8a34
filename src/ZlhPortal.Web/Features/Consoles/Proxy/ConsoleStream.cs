using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>
/// The browser's side of a forwarded console. The forwarder reads the browser's frames through it (checked for
/// size and, for read-only sessions, for input) and writes the agent's frames through it (rate-limited: whole
/// messages beyond the budget are dropped and a marker line says so, so a flooding server costs the portal
/// neither memory nor the browser's responsiveness). It can also slip in a ping or a close frame between frames.
/// </summary>
internal sealed class ConsoleStream(Stream inner, int maxFrameBytes, int maxOutputBytesPerSecond, bool readOnly, TimeProvider time) : Stream
{
    private const int MarkerMaxBytes = 125;
    private readonly WebSocketFrameHeader incoming = new();
    private readonly WebSocketFrameHeader outgoing = new();
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private bool frameKept = true;
    private bool messageKept = true;
    private int dropped;
    private double budget = maxOutputBytesPerSecond;
    private long budgetStamp = time.GetTimestamp();
    private long lastActivity = time.GetTimestamp();

    /// <summary>Why the browser's side was cut, when the proxy cut it.</summary>
    public string? Violation { get; private set; }

    public TimeSpan Idle => time.GetElapsedTime(Interlocked.Read(ref lastActivity));

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read > 0)
        {
            Inspect(buffer.Span[..read]);
            Interlocked.Exchange(ref lastActivity, time.GetTimestamp());
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await writeGate.WaitAsync(cancellationToken);
        byte[]? output = null;
        try
        {
            var length = Filter(buffer.Span, ref output);
            if (length > 0)
            {
                // Most output passes whole: then the agent's bytes go out as they came, without a copy.
                await inner.WriteAsync(output is null ? buffer[..length] : output.AsMemory(0, length), cancellationToken);
                Interlocked.Exchange(ref lastActivity, time.GetTimestamp());
            }
        }
        finally
        {
            if (output is not null)
            {
                ArrayPool<byte>.Shared.Return(output);
            }

            writeGate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sends a ping to the browser between two frames; the browser's pong keeps both legs of the connection busy.</summary>
    public Task<bool> PingAsync(CancellationToken ct) => SendBetweenFramesAsync([0x89, 0x00], ct);

    /// <summary>Sends a close frame (policy violation) to the browser between two frames.</summary>
    public Task<bool> CloseAsync(string reason, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetBytes(reason.Length > 100 ? reason[..100] : reason);
        var frame = new byte[4 + text.Length];
        frame[0] = 0x88;
        frame[1] = (byte)(2 + text.Length);
        frame[2] = 1008 >> 8;
        frame[3] = 1008 & 0xFF;
        text.CopyTo(frame, 4);
        return SendBetweenFramesAsync(frame, ct);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<bool> SendBetweenFramesAsync(byte[] frame, CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        try
        {
            if (!outgoing.AtBoundary)
            {
                return false;
            }

            await inner.WriteAsync(frame, ct);
            await inner.FlushAsync(ct);
            return true;
        }
        finally
        {
            writeGate.Release();
        }
    }

    private void Inspect(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (incoming.PayloadRemaining > 0)
            {
                var skip = (int)Math.Min(incoming.PayloadRemaining, data.Length - i);
                incoming.Skip(skip);
                i += skip;
                continue;
            }

            i += incoming.Feed(data[i..], out var completed);
            if (!completed)
            {
                continue;
            }

            if (incoming.Length > maxFrameBytes)
            {
                Violation = $"frame of {incoming.Length} bytes from the browser exceeds {maxFrameBytes}";
                throw new IOException(Violation);
            }

            if (readOnly && incoming.IsData && incoming.Length > 0)
            {
                Violation = "input on a read-only console";
                throw new IOException(Violation);
            }
        }
    }

    /// <summary>
    /// How many bytes go to the browser. While they are a prefix of the input as it came (the usual case) nothing is
    /// copied and <paramref name="output"/> stays null; once a frame is dropped, a marker inserted or a header completed
    /// that began in an earlier write, the output is built in <paramref name="output"/>, rented then.
    /// </summary>
    private int Filter(ReadOnlySpan<byte> data, ref byte[]? output)
    {
        var o = 0;
        var i = 0;
        var markerWritten = false;
        while (i < data.Length)
        {
            if (outgoing.PayloadRemaining > 0)
            {
                var n = (int)Math.Min(outgoing.PayloadRemaining, data.Length - i);
                if (frameKept)
                {
                    o = Append(data, i, data.Slice(i, n), ref output, o);
                }

                outgoing.Skip(n);
                i += n;
                continue;
            }

            var start = i;
            i += outgoing.Feed(data[i..], out var completed);
            if (!completed)
            {
                continue;
            }

            frameKept = Keep();
            if (!frameKept)
            {
                continue;
            }

            if (dropped > 0 && outgoing.Opcode is 1 or 2 && !markerWritten)
            {
                o = Materialize(data, ref output, o);
                o += WriteMarker(output.AsSpan(o));
                markerWritten = true;
            }

            // A header that began in an earlier write is held back until complete, so it is not part of this input.
            var headerStart = i - outgoing.LastHeaderLength;
            o = Append(data, headerStart >= start ? headerStart : -1, outgoing.LastHeader, ref output, o);
        }

        return o;
    }

    /// <summary>Adds <paramref name="bytes"/>, found in <paramref name="data"/> at <paramref name="at"/> (or -1: not there), to the output.</summary>
    private static int Append(ReadOnlySpan<byte> data, int at, ReadOnlySpan<byte> bytes, ref byte[]? output, int o)
    {
        if (output is null && at == o)
        {
            return o + bytes.Length;
        }

        o = Materialize(data, ref output, o);
        bytes.CopyTo(output.AsSpan(o));
        return o + bytes.Length;
    }

    /// <summary>
    /// Once the output starts to differ from the input: rents <paramref name="output"/> (room for all of the input, a
    /// header held back from an earlier write and a marker) and copies the unchanged prefix into it.
    /// </summary>
    private static int Materialize(ReadOnlySpan<byte> data, [NotNull] ref byte[]? output, int o)
    {
        if (output is null)
        {
            output = ArrayPool<byte>.Shared.Rent(data.Length + 14 + MarkerMaxBytes + 2);
            data[..o].CopyTo(output);
        }

        return o;
    }

    private bool Keep()
    {
        switch (outgoing.Opcode)
        {
            case 0:
                return messageKept;
            case 1 or 2:
                messageKept = outgoing.Length <= maxFrameBytes && TakeBudget(outgoing.Length);
                if (!messageKept)
                {
                    dropped++;
                }

                return messageKept;
            default:
                return true;
        }
    }

    private bool TakeBudget(long bytes)
    {
        if (maxOutputBytesPerSecond == 0)
        {
            return true;
        }

        var now = time.GetTimestamp();
        budget = Math.Min(maxOutputBytesPerSecond, budget + time.GetElapsedTime(budgetStamp, now).TotalSeconds * maxOutputBytesPerSecond);
        budgetStamp = now;
        if (budget < bytes)
        {
            return false;
        }

        budget -= bytes;
        return true;
    }

    private int WriteMarker(Span<byte> target)
    {
        var text = Encoding.ASCII.GetBytes($"\u001b[33m[portal] {dropped} lines of output dropped: the server wrote faster than a console can show.\u001b[0m");
        var length = Math.Min(text.Length, MarkerMaxBytes);
        target[0] = 0x81;
        target[1] = (byte)length;
        text.AsSpan(0, length).CopyTo(target[2..]);
        dropped = 0;
        return 2 + length;
    }
}
