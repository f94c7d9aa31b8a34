using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Edge;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Edge;

/// <summary>
/// The reconciler's edge pass: every live server's DNS A record points where players should go (the container, or the
/// edge in Gateway mode); in Gateway mode Velocity's registrations match the servers that should be published there.
/// What was lost is registered again and what no server owns is removed, and both are reported. Pool routes need no
/// repair: <c>/edge/traefik</c> is computed from the database each time Traefik asks.
/// </summary>
public sealed class EdgeDrift(IDbContextFactory<AppDbContext> dbFactory, VelocityBridge velocity, EdgeEndpoints endpoints, DnsRegistry dnsRegistry,
    ServerPublishing publishing, IOptions<DnsOptions> dns, ILogger<EdgeDrift> logger)
{
    public async Task<IReadOnlyList<ReconcilerFinding>> RepairAsync(DateTimeOffset now, CancellationToken ct)
    {
        var edge = await endpoints.GetAsync();
        var found = new List<ReconcilerFinding>();
        if (edge.IsGateway)
        {
            found.AddRange(await PublishUnpublishedAsync(now, ct));
        }

        found.AddRange(await RepairDnsAsync(edge, now, ct));
        if (edge.IsGateway)
        {
            found.AddRange(await RepairVelocityAsync(now, ct));
        }

        return found;
    }

    /// <summary>
    /// Live game servers that are not open to players at the edge: set up before the edge became a gateway, or whose
    /// publishing was lost. They are published now (a port from the pool, or a Velocity registration).
    /// </summary>
    private async Task<IReadOnlyList<ReconcilerFinding>> PublishUnpublishedAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unpublished = await (from s in db.Servers.AsNoTracking()
                                 join t in db.Templates on s.TemplateId equals t.Id
                                 where !s.Published && t.GamePort > 0 && s.Hostname != null && s.IpAddress != null && s.Operation == ServerOperation.None
                                       && (s.Status == ServerStatus.Running || s.Status == ServerStatus.Stopped)
                                 select new { Server = s, Template = t })
            .ToListAsync(ct);
        var found = new List<ReconcilerFinding>();
        foreach (var (server, template) in unpublished.Select(u => (u.Server, u.Template)))
        {
            try
            {
                await publishing.PublishAsync(server, template, ct);
            }
            catch (Exception e) when (e is TransientRuntimeException or ProvisioningException)
            {
                logger.LogWarning("Reconciler could not open server {ServerId} to players: {Error}", server.Id, e.Message);
                found.Add(new ReconcilerFinding(FindingKind.EdgeRepaired, server.Vmid ?? 0, server.Node ?? "", server.Id,
                    $"Server {server.Id} is not open to players and could not be published: {e.Message}", now));
                continue;
            }

            logger.LogWarning("Server {ServerId} was not open to players at the edge; published", server.Id);
            found.Add(new ReconcilerFinding(FindingKind.EdgeRepaired, server.Vmid ?? 0, server.Node ?? "", server.Id,
                $"Server {server.Id} ({server.Hostname}) was not open to players at the edge; it was published.", now));
        }

        return found;
    }

    private async Task<IReadOnlyList<ReconcilerFinding>> RepairDnsAsync(EdgeSettings edge, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.Servers.AsNoTracking()
            .Where(s => s.Hostname != null && s.IpAddress != null
                        && (s.Status == ServerStatus.Running || s.Status == ServerStatus.Stopped || s.Status == ServerStatus.Suspended))
            .ToListAsync(ct);
        var templates = await db.Templates.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var found = new List<ReconcilerFinding>();
        foreach (var server in live)
        {
            var template = templates[server.TemplateId];
            var wanted = edge.DnsAddress(template.Game, template.GamePort, server.IpAddress);
            try
            {
                var actual = await dnsRegistry.AddressOfAsync(server.Hostname!, ct);
                if (wanted is null || actual == wanted)
                {
                    continue;
                }

                await publishing.RegisterDnsAsync(server, template, ct);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TransientRuntimeException or System.Text.Json.JsonException
                                      || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                logger.LogWarning("Reconciler could not check the DNS record of server {ServerId}: {Error}", server.Id, e.Message);
                return found;
            }

            logger.LogWarning("DNS for {Hostname} (server {ServerId}) did not point at {Address}; registered again", server.Hostname, server.Id, wanted);
            found.Add(new ReconcilerFinding(FindingKind.EdgeRepaired, server.Vmid ?? 0, server.Node ?? "", server.Id,
                $"{server.Hostname} did not point at {wanted} (server {server.Id}); its DNS records were registered again.", now));
        }

        return found;
    }

    private async Task<IReadOnlyList<ReconcilerFinding>> RepairVelocityAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<string> registered;
        try
        {
            registered = await velocity.ListAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("Reconciler could not read Velocity's registrations: {Error}", e.Message);
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wanted = await (from s in db.Servers.AsNoTracking()
                            join t in db.Templates on s.TemplateId equals t.Id
                            where s.Published && t.Game == "minecraft" && s.Hostname != null && s.IpAddress != null
                                  && (s.Status == ServerStatus.Running || s.Status == ServerStatus.Stopped)
                            select new { s.Id, s.Vmid, s.Node, Hostname = s.Hostname!, IpAddress = s.IpAddress!, t.GamePort })
            .ToListAsync(ct);
        var known = registered.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = new List<ReconcilerFinding>();
        foreach (var server in wanted.Where(s => !known.Contains(s.Hostname)))
        {
            await velocity.RegisterAsync(server.Hostname, server.IpAddress, server.GamePort, ct);
            logger.LogWarning("Velocity had lost {Hostname} (server {ServerId}); registered again", server.Hostname, server.Id);
            found.Add(new ReconcilerFinding(FindingKind.EdgeRepaired, server.Vmid ?? 0, server.Node ?? "", server.Id,
                $"Velocity no longer routed {server.Hostname} (server {server.Id}); it was registered again.", now));
        }

        var owned = wanted.Select(s => s.Hostname).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var zone = "." + dns.Value.Zone;
        foreach (var stray in registered.Where(name => name.EndsWith(zone, StringComparison.OrdinalIgnoreCase) && !owned.Contains(name)))
        {
            await velocity.UnregisterAsync(stray, ct);
            logger.LogWarning("Velocity routed {Hostname}, which no published server owns; removed", stray);
            found.Add(new ReconcilerFinding(FindingKind.EdgeStray, 0, "", null, $"Velocity routed {stray}, which no published server owns; the registration was removed.", now));
        }

        return found;
    }
}
