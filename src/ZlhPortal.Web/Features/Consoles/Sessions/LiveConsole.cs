using ZlhPortal.Web.Features.Consoles.Proxy;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>One console connection open on this instance, for revocation, its periodic re-check and the per-user cap.</summary>
/// <param name="securityStamp">The user's security stamp when the console opened; a new one means their access was revoked since.</param>
/// <param name="support">Opened by staff with a reason, not by the owner.</param>
internal sealed class LiveConsole(string userId, int serverId, string securityStamp, bool support, DateTimeOffset openedAt) : IDisposable
{
    public string UserId { get; } = userId;

    public int ServerId { get; } = serverId;

    public string SecurityStamp { get; } = securityStamp;

    public bool Support { get; } = support;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public long AuditId { get; set; }

    /// <summary>The browser's side, once the connection is upgraded.</summary>
    public ConsoleStream? Stream { get; set; }

    /// <summary>Cancelled to end the forwarding.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? RevokedBecause { get; set; }

    public void Dispose() => Cancellation.Dispose();
}
