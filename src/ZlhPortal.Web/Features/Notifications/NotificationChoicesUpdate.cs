namespace ZlhPortal.Web.Features.Notifications;

/// <summary>The body of <c>PUT /api/v1/account/notifications</c>: the switches to change; those left out keep their value.</summary>
public sealed record NotificationChoicesUpdate(bool? ServerReady, bool? CrashLoop, bool? OutOfMemory, bool? BackupFailed, bool? Suspension, bool? Renewal)
{
    public NotificationChoices ApplyTo(NotificationChoices current) => new(
        ServerReady ?? current.ServerReady, CrashLoop ?? current.CrashLoop, OutOfMemory ?? current.OutOfMemory,
        BackupFailed ?? current.BackupFailed, Suspension ?? current.Suspension, Renewal ?? current.Renewal);
}
