using System.Text;
using Microsoft.Extensions.Time.Testing;
using ZlhPortal.Web.Features.Consoles.Proxy;
using ZlhPortal.Web.Features.Consoles;

namespace ZlhPortal.UnitTests.Features.Consoles;

/// <summary>The browser-side stream of a forwarded console: frame limits, read-only, output budget, frames slipped in between.</summary>
public sealed class ConsoleStreamTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryStream browser = new();

    private ConsoleStream Create(int maxFrame = 1024, int budget = 0, bool readOnly = false, byte[]? fromBrowser = null)
    {
        var inner = fromBrowser is null ? browser : new MemoryStream(fromBrowser);
        return new ConsoleStream(inner, maxFrame, budget, readOnly, time);
    }

    [Fact]
    public async Task Agent_frames_pass_unchanged_even_when_they_arrive_one_byte_at_a_time()
    {
        var stream = Create();
        var frames = ServerFrame(1, "first line").Concat(ServerFrame(1, new string('x', 300))).Concat(ServerFrame(9, "")).ToArray();

        foreach (var b in frames)
        {
            await stream.WriteAsync(new[] { b });
        }

        Assert.Equal(frames, browser.ToArray());
    }

    [Fact]
    public async Task Output_beyond_the_budget_is_dropped_by_whole_messages_and_a_marker_says_so()
    {
        var stream = Create(budget: 100);

        await stream.WriteAsync(ServerFrame(1, new string('a', 60)));
        await stream.WriteAsync(ServerFrame(1, new string('b', 60)));
        await stream.WriteAsync(ServerFrame(1, new string('c', 60)));
        await stream.WriteAsync(ServerFrame(10, "pong"));
        time.Advance(TimeSpan.FromSeconds(1));
        await stream.WriteAsync(ServerFrame(1, "after the flood"));

        var received = ParseServerFrames(browser.ToArray());
        Assert.Equal(["a", "pong", "marker", "after the flood"], received.Select(f => f.Opcode == 10 ? f.Text : f.Text == new string('a', 60) ? "a" : f.Text.Contains("2 lines of output dropped") ? "marker" : f.Text));
    }

    [Fact]
    public async Task An_agent_frame_larger_than_the_limit_is_dropped()
    {
        var stream = Create(maxFrame: 100);

        await stream.WriteAsync(ServerFrame(1, new string('z', 500)));
        await stream.WriteAsync(ServerFrame(1, "small"));

        var received = ParseServerFrames(browser.ToArray());
        Assert.Equal(2, received.Count);
        Assert.Contains("1 lines of output dropped", received[0].Text);
        Assert.Equal("small", received[1].Text);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(150)]
    [InlineData(4096)]
    public async Task Frames_cut_anywhere_by_the_agent_arrive_whole_and_a_dropped_one_in_between_leaves_only_the_marker(int piece)
    {
        var stream = Create(maxFrame: 200);
        var frames = ServerFrame(1, "one").Concat(ServerFrame(1, new string('y', 180))).Concat(ServerFrame(1, new string('z', 500)))
            .Concat(ServerFrame(1, "after")).Concat(ServerFrame(9, "")).Concat(ServerFrame(1, "last")).ToArray();

        for (var i = 0; i < frames.Length; i += piece)
        {
            await stream.WriteAsync(frames.AsMemory(i, Math.Min(piece, frames.Length - i)));
        }

        var received = ParseServerFrames(browser.ToArray());
        Assert.Equal(["one", new string('y', 180), "marker", "after", "ping", "last"],
            received.Select(f => f.Opcode == 9 ? "ping" : f.Text.Contains("1 lines of output dropped", StringComparison.Ordinal) ? "marker" : f.Text));
    }

    [Fact]
    public async Task A_browser_frame_larger_than_the_limit_ends_the_console()
    {
        var stream = Create(maxFrame: 100, fromBrowser: ClientFrame(1, new string('q', 200)));

        var error = await Assert.ThrowsAsync<IOException>(async () => _ = await stream.ReadAsync(new byte[4096]));

        Assert.Contains("exceeds 100", error.Message);
    }

    [Fact]
    public async Task A_read_only_console_passes_control_frames_and_ends_at_the_first_input()
    {
        var pong = ClientFrame(10, "");
        var stream = Create(readOnly: true, fromBrowser: [.. pong, .. ClientFrame(1, "stop")]);
        var buffer = new byte[pong.Length];

        var first = await stream.ReadAsync(buffer);
        var error = await Assert.ThrowsAsync<IOException>(async () => _ = await stream.ReadAsync(new byte[4096]));

        Assert.Equal(pong.Length, first);
        Assert.Equal("input on a read-only console", error.Message);
    }

    [Fact]
    public async Task A_ping_or_close_is_only_slipped_in_between_two_frames()
    {
        var stream = Create();
        var frame = ServerFrame(1, "half and half");

        await stream.WriteAsync(frame.AsMemory(0, 5));
        var midFrame = await stream.PingAsync(CancellationToken.None);
        await stream.WriteAsync(frame.AsMemory(5));
        var between = await stream.CloseAsync("The server was suspended.", CancellationToken.None);

        Assert.False(midFrame);
        Assert.True(between);
        var received = ParseServerFrames(browser.ToArray());
        Assert.Equal("half and half", received[0].Text);
        Assert.Equal(8, received[1].Opcode);
        Assert.Equal("The server was suspended.", Encoding.UTF8.GetString(received[1].Payload[2..]));
    }

    private static byte[] ServerFrame(int opcode, string text) => Frame(opcode, Encoding.UTF8.GetBytes(text), mask: null);

    private static byte[] ClientFrame(int opcode, string text) => Frame(opcode, Encoding.UTF8.GetBytes(text), mask: [1, 2, 3, 4]);

    private static byte[] Frame(int opcode, byte[] payload, byte[]? mask)
    {
        var header = new List<byte> { (byte)(0x80 | opcode) };
        var maskBit = mask is null ? 0 : 0x80;
        if (payload.Length < 126)
        {
            header.Add((byte)(maskBit | payload.Length));
        }
        else
        {
            header.Add((byte)(maskBit | 126));
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }

        if (mask is not null)
        {
            header.AddRange(mask);
            payload = payload.Select((b, i) => (byte)(b ^ mask[i % 4])).ToArray();
        }

        return [.. header, .. payload];
    }

    private static List<(int Opcode, byte[] Payload, string Text)> ParseServerFrames(byte[] data)
    {
        var frames = new List<(int, byte[], string)>();
        var i = 0;
        while (i < data.Length)
        {
            var opcode = data[i] & 0x0F;
            var length = data[i + 1] & 0x7F;
            i += 2;
            if (length == 126)
            {
                length = (data[i] << 8) | data[i + 1];
                i += 2;
            }

            var payload = data[i..(i + length)];
            frames.Add((opcode, payload, Encoding.UTF8.GetString(payload)));
            i += length;
        }

        return frames;
    }
}
