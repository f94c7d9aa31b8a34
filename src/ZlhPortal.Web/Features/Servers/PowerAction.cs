namespace ZlhPortal.Web.Features.Servers;

public enum PowerAction
{
    Start,
    Stop,
    Restart,
    Kill,
}
