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
}
