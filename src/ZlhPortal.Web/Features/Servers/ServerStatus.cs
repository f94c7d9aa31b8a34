namespace ZlhPortal.Web.Features.Servers;

public enum ServerStatus
{
    Provisioning = 1,
    Running,
    Stopped,
    Suspended,
    Failed,
    Deleting,
    Deleted,
}
