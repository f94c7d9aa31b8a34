namespace ZlhPortal.Web.Features.Servers;

public enum StepState
{
    Pending = 1,
    Running,
    Succeeded,
    Failed,
}
