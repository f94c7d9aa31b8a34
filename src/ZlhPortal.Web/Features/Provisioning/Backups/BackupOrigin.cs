namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>Who asked for a backup.</summary>
public enum BackupOrigin
{
    Customer,
    Schedule,

    /// <summary>Taken by a restore before the server is replaced, so the restore can be undone.</summary>
    SafetyCopy,
}
