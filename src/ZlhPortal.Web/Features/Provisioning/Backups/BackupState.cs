namespace ZlhPortal.Web.Features.Provisioning.Backups;

public enum BackupState
{
    /// <summary>Asked for; the backup job has not started the <c>vzdump</c> task yet.</summary>
    Pending,
    Creating,
    Ready,
    Failed,

    /// <summary>Being removed from the storage; the row goes once it is gone.</summary>
    Deleting,
}
