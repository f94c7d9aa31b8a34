using ZlhPortal.Web.Features.Consoles.Proxy;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>One console connection open on this instance, for revocation and the per-user cap.</summary>
internal sealed class LiveConsole(string userId, int serverId) : IDisposable
{
    public string UserId { get; } = userId;

    public int ServerId { get; } = serverId;

    public long AuditId { get; set; }

    /// <summary>The browser's side, once the connection is upgraded.</summary>
    public ConsoleStream? Stream { get; set; }

    /// <summary>Cancelled to end the forwarding.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? RevokedBecause { get; set; }

    public void Dispose() => Cancellation.Dispose();
}
