using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>What became of an invitation or a change to one: the share's id, or why not.</summary>
public sealed record ShareRequestResult(ServerRequestResult Request, int? ShareId = null)
{
    public bool Accepted => Request.Accepted;
}
