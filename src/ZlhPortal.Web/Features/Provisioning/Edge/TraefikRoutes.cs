using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.Web.Features.Provisioning.Edge;

/// <summary>
/// The runtime Traefik's dynamic configuration, served to its HTTP provider: one router and one service per published
/// pool port, TCP or UDP as the game speaks. A Traefik entry point carries one protocol, so a TCP port's entry point is
/// <c>port-&lt;n&gt;</c> and a UDP port's <c>port-&lt;n&gt;-udp</c>; <see cref="EntryPoints"/> prints both for the whole pool.
/// </summary>
public sealed class TraefikRoutes(IDbContextFactory<AppDbContext> dbFactory, IOptions<EdgeOptions> edge)
{
    public sealed record Route(int ServerId, int Port, string Protocol, string Backend);

    /// <summary>Servers players are routed to through a pool port now.</summary>
    public async Task<IReadOnlyList<Route>> RoutesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from s in db.Servers
                          join t in db.Templates on s.TemplateId equals t.Id
                          where s.Published && s.PublicPort != null && s.IpAddress != null
                                && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Deleting && s.Status != ServerStatus.Suspended
                          orderby s.PublicPort
                          select new { s.Id, Port = s.PublicPort!.Value, t.Protocol, s.IpAddress, t.GamePort })
            .ToListAsync(ct);
        return rows.Select(r => new Route(r.Id, r.Port, r.Protocol, $"{r.IpAddress}:{r.GamePort}")).ToList();
    }

    public static string EntryPoint(int port, string protocol) => protocol == "udp" ? $"port-{port}-udp" : $"port-{port}";

    /// <summary>The dynamic configuration document (the HTTP provider's JSON).</summary>
    public async Task<JsonObject> DocumentAsync(CancellationToken ct)
    {
        var document = new JsonObject();
        foreach (var group in (await RoutesAsync(ct)).GroupBy(r => r.Protocol == "udp" ? "udp" : "tcp"))
        {
            var routers = new JsonObject();
            var services = new JsonObject();
            foreach (var route in group)
            {
                var name = EntryPoint(route.Port, route.Protocol);
                var service = $"server-{route.ServerId}";
                var router = new JsonObject { ["entryPoints"] = new JsonArray(name), ["service"] = service };
                if (group.Key == "tcp")
                {
                    // Raw TCP without TLS: Traefik matches every connection on the entry point.
                    router["rule"] = "HostSNI(`*`)";
                }

                routers[name] = router;
                services[service] = new JsonObject
                {
                    ["loadBalancer"] = new JsonObject { ["servers"] = new JsonArray(new JsonObject { ["address"] = route.Backend }) },
                };
            }

            document[group.Key] = new JsonObject { ["routers"] = routers, ["services"] = services };
        }

        return document;
    }

    /// <summary>Traefik's static entry points for the whole pool (YAML), as <c>edge traefik-entrypoints</c> prints them.</summary>
    public string EntryPoints()
    {
        var o = edge.Value;
        var yaml = new System.Text.StringBuilder("entryPoints:\n");
        for (var port = o.PortFirst; port <= o.PortLast; port++)
        {
            yaml.Append("  ").Append(EntryPoint(port, "tcp")).Append(":\n    address: \":").Append(port).Append("/tcp\"\n");
            yaml.Append("  ").Append(EntryPoint(port, "udp")).Append(":\n    address: \":").Append(port).Append("/udp\"\n");
        }

        return yaml.ToString();
    }
}
