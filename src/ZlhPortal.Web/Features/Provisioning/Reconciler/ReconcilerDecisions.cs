using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>
/// An admin's decisions on containers the reconciler found carrying this portal's tag but known to no server:
/// adopt (link to a server record) or destroy. Both are audited, and both refuse containers without the tag or
/// that a live server already owns.
/// </summary>
public sealed class ReconcilerDecisions(
    IDbContextFactory<AppDbContext> dbFactory, RuntimeCalls runtime, ServerCleanup cleanup, ProvisionServerJob provisioning, ServerLifecycle lifecycle,
    ServerPublishing publishing, PlanCatalog catalog, ActivityLog activity, ServerEvents events, AgentCredentials credentials, IOptions<ProvisioningOptions> options,
    ILogger<ReconcilerDecisions> logger)
{
    public async Task<DecisionResult> AdoptAsync(string node, int vmid, AdoptionTarget target, string actorId, CancellationToken ct = default)
    {
        var lxc = runtime.Proxmox.Nodes[node].Lxc[vmid];
        if (await RefusalAsync(node, vmid, ct) is { } refusal)
        {
            return refusal;
        }

        // The tags say what the container was made for (every container is tagged with its server's kind).
        var config = (await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct)).Data;
        var tags = Tags(config?.Tags);
        string? Mismatch(ServerKind kind)
        {
            var (wanted, other) = kind == ServerKind.Game ? ("game", "dev") : ("dev", "game");
            return tags.Contains(other) && !tags.Contains(wanted) ? $"Container {vmid} was made for a {other} server, not a {wanted} server." : null;
        }

        // Everything read from the cluster before any record is written, so a failed read leaves no half-made server.
        var status = await runtime.CallAsync("read container status", c => lxc.Status.Current.GetAsync(c), ct);
        var running = status.Data?.Status == "running";
        string? address = null;
        if (running)
        {
            var interfaces = await runtime.CallAsync("read container addresses", c => lxc.Interfaces.GetAsync(c), ct);
            address = interfaces.Data?.FirstOrDefault(i => i.Name == "eth0" && i.IPv4Address is not null)?.IPv4Address;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // An agent keeps the credential it was first given, and the portal cannot make it take another: a container the
        // portal set up names that credential's fingerprint, and the adopting server must take over that credential.
        string? inherited = null;
        if (ContainerFacts.CredentialFingerprintIn(config?.Description) is { } fingerprint)
        {
            inherited = await CredentialWithFingerprintAsync(db, fingerprint, ct);
            if (inherited is null)
            {
                return new DecisionResult(false,
                    $"Container {vmid}'s agent was given a credential ({fingerprint}) that no server of this portal holds, so the portal could not reach it; it was left alone.");
            }
        }

        HostedServer server;
        if (target.ServerId is { } serverId)
        {
            var existing = await db.Servers.Include(s => s.Steps).FirstOrDefaultAsync(s => s.Id == serverId && s.Status != ServerStatus.Deleted, ct);
            if (existing is null)
            {
                return new DecisionResult(false, $"There is no server #{serverId}.");
            }

            if (existing.Operation != ServerOperation.None || existing.Status is ServerStatus.Provisioning or ServerStatus.Deleting)
            {
                return new DecisionResult(false, $"Server #{serverId} is busy ({existing.Status}); adopt when it is idle.");
            }

            if (existing.Vmid is { } own && own != vmid && existing.Node is not null
                && (await runtime.CallAsync("read container config", c => runtime.Proxmox.Nodes[existing.Node].Lxc[own].Config.GetAsync(c), ct)).Error?.Kind
                    != ProxmoxErrorKind.NotFound)
            {
                return new DecisionResult(false, $"Server #{serverId} still has its container {own}; only a server whose container is gone can adopt another.");
            }

            if (Mismatch(existing.Kind) is { } mismatch)
            {
                return new DecisionResult(false, mismatch);
            }

            server = existing;
        }
        else
        {
            var created = await NewServerAsync(db, target, Mismatch, ct);
            if (created.Server is null)
            {
                return new DecisionResult(false, created.Problem!);
            }

            server = created.Server;
        }

        lifecycle.MarkAdopted(server, node, vmid, address, running, inherited);
        await db.SaveChangesAsync(ct);

        // From now on the container names this server.
        var relabel = await runtime.CallAsync("label the adopted container", c => lxc.Config.SetAsync(new LxcConfigUpdate
        {
            Description = provisioning.Description(server),
            Tags = $"zlh;{options.Value.InstanceTag};{server.Kind.ToString().ToLowerInvariant()}",
        }, c), ct);
        var notes = new List<string>();
        if (!relabel.IsSuccess)
        {
            notes.Add($"the container's description could not be updated ({relabel.Error})");
        }

        if (address is not null && server.Hostname is not null && await catalog.GetTemplateAsync(server.TemplateId, ct) is { } template)
        {
            try
            {
                await publishing.PublishAsync(server, template, ct);
                await publishing.RegisterDnsAsync(server, template, ct);
            }
            catch (Exception e) when (e is TransientRuntimeException or ProvisioningException)
            {
                notes.Add($"it was not opened to players or DNS was not updated ({e.Message})");
            }
        }

        var detail = $"Container {vmid} on {node} adopted as server #{server.Id} \"{server.Name}\"" + (notes.Count > 0 ? $"; {string.Join("; ", notes)}." : ".");
        await activity.RecordAsync(actorId, AccountActivityKind.ContainerAdoptedByStaff, detail, null, ct);
        if (server.OwnerId != actorId)
        {
            await activity.RecordAsync(server.OwnerId, AccountActivityKind.ContainerAdoptedByStaff, $"Our team linked an existing container to your server \"{server.Name}\".", null, ct);
        }

        logger.LogWarning("{Detail} (by {ActorId})", detail, actorId);
        await events.PublishAsync(new ServerChanged(server.Id, server.OwnerId));
        return new DecisionResult(true, detail, server.Id);
    }

    public async Task<DecisionResult> DestroyAsync(string node, int vmid, string actorId, CancellationToken ct = default)
    {
        if (await RefusalAsync(node, vmid, ct) is { } refusal)
        {
            return refusal;
        }

        var message = await cleanup.DestroyOrphanAsync(node, vmid, options.Value.InstanceTag, ct);
        await activity.RecordAsync(actorId, AccountActivityKind.ContainerDestroyedByStaff, $"Orphan container {vmid} on {node}: {message}", null, ct);
        return new DecisionResult(true, message);
    }

    /// <summary>Why the container must be left alone, or null: gone, not carrying our tag, or owned by a live server.</summary>
    private async Task<DecisionResult?> RefusalAsync(string node, int vmid, CancellationToken ct)
    {
        var config = await runtime.CallAsync("read container config", c => runtime.Proxmox.Nodes[node].Lxc[vmid].Config.GetAsync(c), ct);
        if (!config.IsSuccess)
        {
            return new DecisionResult(false, config.Error?.Kind == ProxmoxErrorKind.NotFound ? $"Container {vmid} is gone." : $"Could not read container {vmid}: {config.Error}");
        }

        if (!Tags(config.Data?.Tags).Contains(options.Value.InstanceTag) || config.Data?.Template == true)
        {
            return new DecisionResult(false, $"Container {vmid} does not carry this portal's tag; it was left alone.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Servers.AsNoTracking()
            .Where(s => s.Vmid == vmid && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Failed)
            .Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        return owner is { } id ? new DecisionResult(false, $"Container {vmid} belongs to server #{id}; it was left alone.") : null;
    }

    /// <summary>The protected credential, of any server this portal has had, whose fingerprint is <paramref name="fingerprint"/>.</summary>
    private async Task<string?> CredentialWithFingerprintAsync(AppDbContext db, string fingerprint, CancellationToken ct)
    {
        await foreach (var candidate in db.Servers.AsNoTracking().Select(s => s.AgentCredentialProtected).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (credentials.Fingerprint(candidate) == fingerprint)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string[] Tags(string? tags) => (tags ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries);

    private async Task<(HostedServer? Server, string? Problem)> NewServerAsync(AppDbContext db, AdoptionTarget target, Func<ServerKind, string?> mismatch, CancellationToken ct)
    {
        var email = (target.OwnerEmail ?? "").Trim().ToUpperInvariant();
        var ownerId = email.Length == 0 ? null : await db.Users.Where(u => u.NormalizedEmail == email).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (ownerId is null)
        {
            return (null, "No account has that email.");
        }

        var (server, problem) = await lifecycle.NewRecordAsync(db, ownerId, target.PlanSlug ?? "", target.TemplateSlug ?? "", target.Name ?? "", complimentary: true, ct);
        if (server is null)
        {
            return (null, problem);
        }

        if (mismatch(server.Kind) is { } kindProblem)
        {
            return (null, kindProblem);
        }

        // Never Provisioning, even for a moment: the reconciler would set up a second container for it.
        server.Status = ServerStatus.Stopped;
        server.Operation = ServerOperation.None;
        server.OperationStartedAt = null;
        await lifecycle.AddRecordAsync(db, server, ct);
        return (server, null);
    }
}
