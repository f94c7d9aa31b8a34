using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>What became of a request for a new backup: accepted with the backup's id, or why not.</summary>
public sealed record BackupRequestResult(ServerRequestResult Request, int? BackupId = null)
{
    public bool Accepted => Request.Accepted;
}
