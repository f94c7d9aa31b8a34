namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// One IDE cookie: who, which server, where its IDE listens, until when. Every request forwarded for it is
/// cancelled through <see cref="Revoked"/>, which is how revocation closes the IDE's open WebSockets.
/// </summary>
/// <param name="securityStamp">The user's security stamp when the cookie was issued; a new one means their access was revoked since.</param>
/// <param name="endsAt">However much the IDE is used, the cookie ends here: "Open IDE" again from the portal (which checks access anew).</param>
internal sealed class IdeSession(
    string token, string userId, int serverId, Uri upstream, string agentCredential, string securityStamp, DateTimeOffset openedAt, DateTimeOffset expiresAt,
    DateTimeOffset endsAt) : IDisposable
{
    private readonly CancellationTokenSource revoked = new();
    private long expiresAtTicks = expiresAt.UtcTicks;
    private int active;

    public string Token { get; } = token;

    public string UserId { get; } = userId;

    public int ServerId { get; } = serverId;

    public string SecurityStamp { get; } = securityStamp;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public DateTimeOffset EndsAt { get; } = endsAt;

    /// <summary>The IDE's origin inside the container, e.g. <c>http://10.0.0.5:8080</c>.</summary>
    public string Upstream { get; } = upstream.GetLeftPart(UriPartial.Authority);

    public IdeTransformer Transformer { get; } = new(agentCredential);

    public DateTimeOffset ExpiresAt => new(Interlocked.Read(ref expiresAtTicks), TimeSpan.Zero);

    public CancellationToken Revoked => revoked.Token;

    public bool IsRevoked => revoked.IsCancellationRequested;

    /// <summary>Requests (and WebSockets) being forwarded right now; a session with any is never swept.</summary>
    public bool IsActive => Volatile.Read(ref active) > 0;

    /// <summary>
    /// Moves the expiry to <c>now + idle</c> (never past the session's end) once less than half of <paramref name="idle"/>
    /// is left; true when it did (re-issue the cookie).
    /// </summary>
    public bool Renew(DateTimeOffset now, TimeSpan idle)
    {
        var current = Interlocked.Read(ref expiresAtTicks);
        var renewed = Math.Min((now + idle).UtcTicks, EndsAt.UtcTicks);
        if (current - now.UtcTicks > idle.Ticks / 2 || renewed <= current)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref expiresAtTicks, renewed, current) == current;
    }

    /// <summary>Moves the expiry on to <paramref name="expiresAt"/> (never back, never past the end): another instance renewed the cookie.</summary>
    public void ExtendTo(DateTimeOffset expiresAt)
    {
        var wanted = Math.Min(expiresAt.UtcTicks, EndsAt.UtcTicks);
        var current = Interlocked.Read(ref expiresAtTicks);
        while (wanted > current)
        {
            var seen = Interlocked.CompareExchange(ref expiresAtTicks, wanted, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public void Enter() => Interlocked.Increment(ref active);

    public void Exit() => Interlocked.Decrement(ref active);

    public void Revoke()
    {
        try
        {
            revoked.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => revoked.Dispose();
}
