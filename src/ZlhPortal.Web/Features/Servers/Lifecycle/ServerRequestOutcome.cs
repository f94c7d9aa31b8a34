namespace ZlhPortal.Web.Features.Servers.Lifecycle;

public enum ServerRequestOutcome
{
    Accepted,
    NotFound,
    Invalid,
    Conflict,
}
