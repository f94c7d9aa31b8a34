namespace ZlhPortal.Web.Features.Notifications;

/// <summary>What a customer is told about, by email and webhook (the API and webhooks write these in lower case with dashes).</summary>
public enum NotificationKind
{
    /// <summary>A new server finished its setup and runs.</summary>
    ServerReady,

    /// <summary>The game crashed again and again: the agent counted several crashes within a short window.</summary>
    CrashLoop,
    OutOfMemory,
    BackupFailed,
    Suspended,
    Unsuspended,
}
