using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary>
/// Staff maintenance of cluster nodes: what runs where, and setting a node to drain (placement then skips it for new
/// servers). Moving a server off a node is <see cref="ServerMoves"/>.
/// </summary>
public sealed partial class NodeMaintenance(IDbContextFactory<AppDbContext> dbFactory, NodeCapacity capacity, TimeProvider time, ILogger<NodeMaintenance> logger)
{
    /// <summary>Every node the cluster read or our servers name, with its drain setting and its servers.</summary>
    public async Task<IReadOnlyList<NodeView>> ListAsync(CancellationToken ct = default)
    {
        var (rows, _) = await capacity.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.NodeSettings.AsNoTracking().ToDictionaryAsync(n => n.Name, ct);
        var servers = await (from s in db.Servers.AsNoTracking()
                             join u in db.Users on s.OwnerId equals u.Id
                             where s.Node != null && s.Status != ServerStatus.Deleted
                             orderby s.Name
                             select new { Node = s.Node!, Row = new NodeServerRow(s.Id, s.Name, u.Email ?? "", s.Status, s.Operation, s.Vmid) })
            .ToListAsync(ct);
        var byNode = servers.ToLookup(s => s.Node, s => s.Row);
        return rows.Select(row =>
        {
            var setting = settings.GetValueOrDefault(row.Node);
            return new NodeView(row, setting?.Draining ?? false, setting?.DrainReason, setting?.ChangedAt, setting?.ChangedBy, byNode[row.Node].ToList());
        }).ToList();
    }

    /// <summary>Sets a node to drain (no new servers are placed on it) or back to taking servers.</summary>
    /// <param name="actor">The staff member's email.</param>
    public async Task<ServerRequestResult> SetDrainingAsync(string node, bool draining, string? reason, string actor, CancellationToken ct = default)
    {
        node = (node ?? "").Trim();
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!NodeName().IsMatch(node))
        {
            return ServerRequestResult.Invalid("Give a node name of letters, digits and dashes, e.g. pve1.");
        }

        if (reason is not null && (reason.Length > NodeSetting.ReasonMaxLength || reason.Any(char.IsControl)))
        {
            return ServerRequestResult.Invalid($"Keep the reason to one line of at most {NodeSetting.ReasonMaxLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var setting = await db.NodeSettings.FirstOrDefaultAsync(n => n.Name == node, ct);
        if (setting is null && !(await capacity.GetAsync(ct)).Rows.Any(r => r.Node == node))
        {
            return new ServerRequestResult(ServerRequestOutcome.NotFound, $"There is no node {node} in the cluster.");
        }

        if (setting is null)
        {
            setting = new NodeSetting { Name = node };
            db.NodeSettings.Add(setting);
        }

        setting.Draining = draining;
        setting.DrainReason = draining ? reason : null;
        setting.ChangedAt = time.GetUtcNow();
        setting.ChangedBy = actor;
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Node {Node} set to {State} by {Actor}: {Reason}", node, draining ? "drain" : "take servers", actor, reason);
        return new ServerRequestResult(ServerRequestOutcome.Accepted,
            draining ? $"{node} is draining: no new servers are placed on it." : $"{node} takes new servers again.");
    }

    /// <summary>A Proxmox node name: letters, digits and dashes.</summary>
    public static bool IsNodeName(string name) => NodeName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,62})$")]
    private static partial Regex NodeName();
}
