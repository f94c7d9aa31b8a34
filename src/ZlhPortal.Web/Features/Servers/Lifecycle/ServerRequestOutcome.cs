namespace ZlhPortal.Web.Features.Servers.Lifecycle;

public enum ServerRequestOutcome
{
    Accepted,
    NotFound,
    Invalid,
    Conflict,

    /// <summary>The request needs the runtime now, and it cannot be reached; nothing was changed.</summary>
    Unavailable,

    /// <summary>The person may see the server but was not given the permission this needs (a shared server).</summary>
    Forbidden,
}
