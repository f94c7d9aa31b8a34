using System.Globalization;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>The IDE origins: <c>{serverId}.{BaseDomain}</c> on the portal's own port, and the way back to the portal.</summary>
public sealed class IdeHosts(IOptions<IdeOptions> options, IOptions<PortalOptions> portal)
{
    // Asked on every request the portal serves, so computed once.
    private readonly string dotBaseDomain = "." + options.Value.BaseDomain;

    private string BaseDomain => options.Value.BaseDomain;

    /// <summary>True for the base domain and every name under it: all of them belong to IDEs, never to the portal.</summary>
    public bool IsIdeHost(HostString host) =>
        host.Host.EndsWith(dotBaseDomain, StringComparison.OrdinalIgnoreCase)
        || host.Host.Equals(BaseDomain, StringComparison.OrdinalIgnoreCase);

    /// <summary>The server whose IDE <paramref name="host"/> names, or null (the base domain itself, deeper names, non-canonical numbers).</summary>
    public int? ServerIdOf(HostString host)
    {
        if (!IsIdeHost(host) || host.Host.Length <= BaseDomain.Length + 1)
        {
            return null;
        }

        var label = host.Host[..^(BaseDomain.Length + 1)];
        return int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            && label == id.ToString(CultureInfo.InvariantCulture) ? id : null;
    }

    /// <summary>
    /// The origin of <see cref="PortalOptions.PublicUrl"/>, as a browser names it in an <c>Origin</c> header: the one page
    /// besides an IDE's own that may hand that IDE a ticket.
    /// </summary>
    public string PortalOrigin { get; } = new Uri(portal.Value.PublicUrl).GetLeftPart(UriPartial.Authority);

    /// <summary>Where the browser redeems an IDE ticket (a form posts it here): the server's IDE host, same scheme and port as the portal request.</summary>
    public Uri EnterUrl(HttpRequest portalRequest, int serverId) =>
        new UriBuilder(portalRequest.Scheme, $"{serverId}.{BaseDomain}", portalRequest.Host.Port ?? -1, IdeProxy.EnterPath).Uri;

    /// <summary>A link to the IDE host's page that shows whose IDE a ticket opens, with the button that redeems it.</summary>
    public Uri EntryUrl(HttpRequest portalRequest, int serverId, string ticket) =>
        new UriBuilder(EnterUrl(portalRequest, serverId)) { Query = "ticket=" + Uri.EscapeDataString(ticket) }.Uri;

    /// <summary>The portal's address as seen from an IDE host, for links back; null when it cannot be told.</summary>
    public string? PortalUrl(HttpRequest ideRequest)
    {
        if (options.Value.PortalUrl is { Length: > 0 } configured)
        {
            return configured;
        }

        var dot = BaseDomain.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null
            : new UriBuilder(ideRequest.Scheme, BaseDomain[(dot + 1)..], ideRequest.Host.Port ?? -1).Uri.GetLeftPart(UriPartial.Authority);
    }
}
