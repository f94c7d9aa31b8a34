namespace ZlhPortal.Web.Features.Notifications;

/// <summary>An account's email preferences, one switch per kind (the body of <c>GET|PUT /api/v1/account/notifications</c>).</summary>
public sealed record NotificationChoices(bool ServerReady, bool CrashLoop, bool OutOfMemory, bool BackupFailed, bool Suspension, bool Renewal)
{
    public static readonly NotificationChoices All = new(true, true, true, true, true, true);

    public bool Wants(NotificationKind kind) => kind switch
    {
        NotificationKind.ServerReady => ServerReady,
        NotificationKind.CrashLoop => CrashLoop,
        NotificationKind.OutOfMemory => OutOfMemory,
        NotificationKind.BackupFailed => BackupFailed,
        NotificationKind.Suspended or NotificationKind.Unsuspended => Suspension,
        _ => true,
    };

    public static NotificationChoices From(NotificationPreferences p) => new(p.ServerReady, p.CrashLoop, p.OutOfMemory, p.BackupFailed, p.Suspension, p.Renewal);

    public void ApplyTo(NotificationPreferences p)
    {
        p.ServerReady = ServerReady;
        p.CrashLoop = CrashLoop;
        p.OutOfMemory = OutOfMemory;
        p.BackupFailed = BackupFailed;
        p.Suspension = Suspension;
        p.Renewal = Renewal;
    }
}
