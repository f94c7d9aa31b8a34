using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Edge;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Edge;

/// <summary>
/// Opens a game server to players at the edge and closes it again (DESIGN §11). In Gateway mode a Minecraft server
/// is registered with Velocity under its hostname, any other game gets a port from the pool that <c>/edge/traefik</c>
/// routes to it; in Direct mode players reach the container itself and there is nothing to publish. Every call is safe
/// to repeat.
/// </summary>
public sealed class ServerPublishing(ServerStore store, ServerPlacement placement, VelocityBridge velocity, EdgeEndpoints endpoints, DnsRegistry dns)
{
    /// <summary>Routes players to the server; returns what the server's step list says.</summary>
    public async Task<string> PublishAsync(HostedServer server, Template template, CancellationToken ct)
    {
        var edge = await endpoints.GetAsync();
        if (template.GamePort == 0)
        {
            return "Nothing to publish: the workspace is reached through its IDE.";
        }

        if (!edge.IsGateway)
        {
            return $"Players connect to {server.IpAddress}:{template.GamePort} directly.";
        }

        if (EdgeSettings.RoutedByHostname(template.Game))
        {
            await CallEdgeAsync(() => velocity.RegisterAsync(server.Hostname!, server.IpAddress!, template.GamePort, ct), "Velocity registration", ct);
            await store.UpdateAsync(server.Id, s => s.Published = true, ct);
            return $"Players join {server.Hostname} through the Minecraft edge.";
        }

        var (port, problem) = await placement.LeasePortAsync(server.Id, ct);
        if (problem is not null)
        {
            throw new ProvisioningException(problem + " You have not been charged for it.", problem);
        }

        await store.UpdateAsync(server.Id, s => s.Published = true, ct);
        return $"Players join {server.Hostname}:{port} ({template.Protocol.ToUpperInvariant()}).";
    }

    /// <summary>
    /// Stops routing players to the server. A suspended server keeps its port (it gets the same address back); a
    /// deleted one gives it back to the pool after the cool-down.
    /// </summary>
    public async Task UnpublishAsync(HostedServer server, Template? template, bool releasePort, CancellationToken ct)
    {
        if (server.Hostname is not null && template is not null && EdgeSettings.RoutedByHostname(template.Game) && (await endpoints.GetAsync()).IsGateway)
        {
            await CallEdgeAsync(() => velocity.UnregisterAsync(server.Hostname, ct), "Velocity unregistration", ct);
        }

        if (server.Published)
        {
            await store.UpdateAsync(server.Id, s => s.Published = false, ct);
        }

        if (releasePort)
        {
            await placement.ReleasePortAsync(server.Id, ct);
        }
    }

    /// <summary>The server's DNS records: A at the container (Direct) or the edge (Gateway), SRV where the game has one.</summary>
    public async Task<string> RegisterDnsAsync(HostedServer server, Template template, CancellationToken ct)
    {
        var edge = await endpoints.GetAsync();
        var address = edge.DnsAddress(template.Game, template.GamePort, server.IpAddress)!;
        await CallEdgeAsync(() => dns.RegisterAsync(server.Hostname!, address, SrvFor(template, edge), ct), "DNS registration", ct);
        return $"{server.Hostname} points to {address}.";
    }

    /// <summary>Removes the server's DNS records, whichever address they point at.</summary>
    public async Task RemoveDnsAsync(HostedServer server, Template? template, CancellationToken ct)
    {
        var edge = await endpoints.GetAsync();
        var address = template is null ? server.IpAddress : edge.DnsAddress(template.Game, template.GamePort, server.IpAddress);
        await CallEdgeAsync(() => dns.RemoveAsync(server.Hostname!, address, template is null ? null : SrvFor(template, edge), ct), "DNS removal", ct);
    }

    /// <summary>Minecraft's SRV record: the port players really connect to (Velocity's at the edge, the game's directly).</summary>
    public static SrvRecord? SrvFor(Template template, EdgeSettings edge) =>
        EdgeSettings.RoutedByHostname(template.Game) ? new SrvRecord("_minecraft._tcp", edge.IsGateway ? edge.VelocityPort : template.GamePort) : null;

    private static async Task CallEdgeAsync(Func<Task> call, string what, CancellationToken ct)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException
                                  || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TransientRuntimeException($"{what} failed: {e.Message}");
        }
    }
}
