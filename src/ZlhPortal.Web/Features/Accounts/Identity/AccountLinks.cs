using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>
/// Links that account emails carry (confirm, reset, change email), always on <see cref="PortalOptions.PublicUrl"/>:
/// never on the Host header of the request that asked for the mail, which whoever asked can choose.
/// </summary>
public sealed class AccountLinks(IOptions<PortalOptions> portal)
{
    public string To(string path, IEnumerable<KeyValuePair<string, string?>>? query = null)
    {
        var url = new Uri(new Uri(portal.Value.PublicUrl.TrimEnd('/') + "/"), path.TrimStart('/')).AbsoluteUri;
        // Parameters without a value are left out, as the pages' own links do.
        return query is null ? url : QueryHelpers.AddQueryString(url, query.Where(p => p.Value is not null));
    }
}
