using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Consoles;

/// <summary>Limits and timings of the console proxy between browsers and the agents' <c>/console/stream</c>.</summary>
public sealed class ConsoleProxyOptions
{
    public const string SectionName = "Consoles";

    /// <summary>How long a console ticket may wait before it is used; it is single-use either way.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Open consoles per user at once, across all servers.</summary>
    [Range(1, 100)]
    public int MaxConsolesPerUser { get; set; } = 8;

    /// <summary>Largest WebSocket frame accepted from a browser, and forwarded from an agent (larger agent frames are dropped).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Console output per session per second; beyond it whole messages are dropped and a marker says so. 0 = no limit.</summary>
    [Range(0, int.MaxValue)]
    public int MaxOutputBytesPerSecond { get; set; } = 4 * 1024 * 1024;

    /// <summary>A console with no traffic either way for this long is closed by the proxy.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the proxy pings an idle browser, so idle consoles stay open through proxies and the activity timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How often each instance re-checks its open consoles and IDE sessions against the database, closing those whose
    /// access was revoked (password, two-factor or role changed, signed out everywhere, server suspended, deleted or moved)
    /// without the revocation reaching it: whatever a lost notification left open closes within twice this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan ReauthorizationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Budget for reaching an agent's console.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
