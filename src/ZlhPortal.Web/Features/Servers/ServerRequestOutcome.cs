namespace ZlhPortal.Web.Features.Servers;

public enum ServerRequestOutcome
{
    Accepted,
    NotFound,
    Invalid,
    Conflict,
}
