namespace ZlhPortal.Web.Features.Notifications;

/// <summary>Which emails an account wants; an account without a row wants them all.</summary>
public sealed class NotificationPreferences
{
    public string UserId { get; set; } = "";

    public bool ServerReady { get; set; } = true;

    public bool CrashLoop { get; set; } = true;

    public bool OutOfMemory { get; set; } = true;

    public bool BackupFailed { get; set; } = true;

    /// <summary>Suspended, and the suspension lifted.</summary>
    public bool Suspension { get; set; } = true;

    /// <summary>The renewal invoice billing issues before a paid-up period ends.</summary>
    public bool Renewal { get; set; } = true;
}
