namespace ZlhPortal.Web.Features.Servers;

/// <summary>The one operation a server may have in progress at a time.</summary>
public enum ServerOperation
{
    None = 0,
    Provision,
    Start,
    Stop,
    Restart,
    Kill,
    Reinstall,
    Suspend,
    Unsuspend,
    Delete,

    /// <summary>A backup of the container is being made (it is locked against changes while it runs).</summary>
    Backup,

    /// <summary>The container is being replaced by one of its backups and set up again.</summary>
    Restore,

    /// <summary>Another version of the game or runtime is installed in place; the world and files are kept.</summary>
    ChangeVersion,

    /// <summary>Staff move the stopped container to another node of the cluster.</summary>
    Migrate,
}
