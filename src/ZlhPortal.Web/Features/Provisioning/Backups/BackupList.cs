namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>A server's backups, newest first, and how many its plan lets it keep.</summary>
public sealed record BackupList(int Slots, IReadOnlyList<BackupView> Backups)
{
    /// <summary>Backups that take a slot (failed ones do not).</summary>
    public int Used => Backups.Count(b => b.State is not (BackupState.Failed or BackupState.Deleting));
}
