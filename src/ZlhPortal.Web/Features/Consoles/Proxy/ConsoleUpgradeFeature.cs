using Microsoft.AspNetCore.Http.Features;

namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>
/// Stands in for the server's upgrade features (HTTP/1.1 Upgrade and HTTP/2 extended CONNECT) so the stream the
/// forwarder gets for the browser's side is a <see cref="ConsoleStream"/>.
/// </summary>
internal sealed class ConsoleUpgradeFeature(IHttpUpgradeFeature? upgrade, IHttpExtendedConnectFeature? connect, Func<Stream, Stream> wrap)
    : IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    public bool IsUpgradableRequest => upgrade?.IsUpgradableRequest ?? false;

    public bool IsExtendedConnect => connect?.IsExtendedConnect ?? false;

    public string? Protocol => connect?.Protocol;

    public async Task<Stream> UpgradeAsync() =>
        wrap(await (upgrade ?? throw new InvalidOperationException("Not an upgradable request.")).UpgradeAsync());

    public async ValueTask<Stream> AcceptAsync() =>
        wrap(await (connect ?? throw new InvalidOperationException("Not an extended CONNECT request.")).AcceptAsync());

    public static void Install(HttpContext context, Func<Stream, Stream> wrap)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        var feature = new ConsoleUpgradeFeature(upgrade, connect, wrap);
        if (upgrade is not null)
        {
            context.Features.Set<IHttpUpgradeFeature>(feature);
        }

        if (connect is not null)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(feature);
        }
    }
}
