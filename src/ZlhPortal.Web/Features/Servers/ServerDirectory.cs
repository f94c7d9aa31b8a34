using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>Reads servers: a customer's own, or all of them for staff. Another tenant's server reads as absent.</summary>
public sealed class ServerDirectory(IDbContextFactory<AppDbContext> dbFactory, EdgeEndpoints edges)
{
    /// <summary>How much of a server's failure history a view carries.</summary>
    public const int ActionFailuresShown = 20;

    public async Task<IReadOnlyList<ServerView>> ListForOwnerAsync(string ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await WithConnectAsync(await Project(db, db.Servers.Where(s => s.OwnerId == ownerId && s.Status != ServerStatus.Deleted).OrderBy(s => s.Id))
            .ToListAsync(ct));
    }

    /// <summary>The user's own servers and, after them, those shared with them (marked with what they may do).</summary>
    public async Task<IReadOnlyList<ServerView>> ListForUserAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = await Project(db, db.Servers.Where(s => s.OwnerId == userId && s.Status != ServerStatus.Deleted).OrderBy(s => s.Id)).ToListAsync(ct);
        var shares = await db.ServerShares.AsNoTracking().Where(x => x.UserId == userId)
            .Select(x => new { x.ServerId, x.Permissions, x.ReadOnlyConsole }).ToDictionaryAsync(x => x.ServerId, ct);
        var ids = shares.Keys.ToList();
        var shared = ids.Count == 0 ? [] : await Project(db, db.Servers.Where(s => ids.Contains(s.Id) && s.Status != ServerStatus.Deleted).OrderBy(s => s.Id)).ToListAsync(ct);
        return await WithConnectAsync(own.Concat(shared.Select(s => s with
        {
            SharedPermissions = shares[s.Id].Permissions,
            SharedReadOnlyConsole = shares[s.Id].ReadOnlyConsole,
        })).ToList());
    }

    /// <summary>The server as the grant's holder sees it: their own, or shared with them with what they may do.</summary>
    public async Task<ServerView?> FindAsync(ServerGrant grant, CancellationToken ct = default) =>
        await FindAsync(grant.ServerId, grant.OwnerId, ct) is not { } view ? null
            : grant.IsOwner ? view : view with { SharedPermissions = grant.Permissions, SharedReadOnlyConsole = grant.ReadOnlyConsole };

    /// <summary>The server if <paramref name="ownerId"/> owns it (null owner: staff, any server).</summary>
    public async Task<ServerView?> FindAsync(int id, string? ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Servers.Where(s => s.Id == id);
        if (ownerId is not null)
        {
            query = query.Where(s => s.OwnerId == ownerId && s.Status != ServerStatus.Deleted);
        }

        return await Project(db, query).FirstOrDefaultAsync(ct) is { } view ? (await WithConnectAsync([view]))[0] : null;
    }

    /// <summary>Any server's agent details, whoever owns it; callers check access themselves (consoles, IDE).</summary>
    public async Task<AgentTarget?> FindAgentTargetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Servers.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new AgentTarget(s.Id, s.OwnerId, s.Status, s.Operation, s.IpAddress, s.AgentCredentialProtected, s.Kind))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Owner and state of those of <paramref name="ids"/> that exist, by id (for re-checking open consoles and IDEs).</summary>
    public async Task<IReadOnlyDictionary<int, ServerAccessView>> FindAccessAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.Servers.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new ServerAccessView(s.Id, s.OwnerId, s.Status, s.Operation, s.OperationStartedAt))
            .ToListAsync(ct);
        var shares = (await db.ServerShares.AsNoTracking().Where(s => ids.Contains(s.ServerId) && s.UserId != null)
            .Select(s => new { s.ServerId, s.UserId, s.Permissions, s.ReadOnlyConsole }).ToListAsync(ct)).ToLookup(s => s.ServerId);
        return servers.ToDictionary(s => s.Id, s => s with
        {
            ConsoleUsers = shares[s.Id].Where(x => x.Permissions.HasFlag(ServerPermissions.Console)).Select(x => x.UserId!).ToHashSet(),
            IdeUsers = shares[s.Id].Where(x => x.Permissions.HasFlag(ServerPermissions.Console | ServerPermissions.Files) && !x.ReadOnlyConsole)
                .Select(x => x.UserId!).ToHashSet(),
        });
    }

    public async Task<(IReadOnlyList<ServerView> Rows, int Total)> ListAllAsync(ServerFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Servers.AsQueryable();
        if (filter.Status is { } status)
        {
            query = query.Where(s => s.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Node))
        {
            query = query.Where(s => s.Node == filter.Node);
        }

        if (!string.IsNullOrWhiteSpace(filter.Owner))
        {
            var owner = filter.Owner.Trim().ToUpperInvariant();
            query = query.Where(s => db.Users.Any(u => u.Id == s.OwnerId && u.NormalizedEmail!.Contains(owner)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            query = query.Where(s => s.Name.Contains(term) || (s.Hostname != null && s.Hostname.Contains(term)));
        }

        var total = await query.CountAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var skip = (int)Math.Min(int.MaxValue, (long)Math.Max(page, 0) * pageSize);
        var rows = await WithConnectAsync(await Project(db, query.OrderByDescending(s => s.Id).Skip(skip).Take(pageSize)).ToListAsync(ct));
        return (rows, total);
    }

    /// <summary>Adds how players connect, which depends on the edge (configuration), not only on the row.</summary>
    private async Task<IReadOnlyList<ServerView>> WithConnectAsync(IReadOnlyList<ServerView> views)
    {
        if (views.Count == 0)
        {
            return views;
        }

        var edge = await edges.GetAsync();
        return views.Select(v => v with { Connect = edge.Connect(v.Hostname, v.IpAddress, v.Game, v.GamePort, v.Protocol, v.PublicPort) }).ToList();
    }

    private static IQueryable<ServerView> Project(AppDbContext db, IQueryable<HostedServer> servers) =>
        from s in servers.AsNoTracking()
        join p in db.Plans on s.PlanId equals p.Id
        join t in db.Templates on s.TemplateId equals t.Id
        join u in db.Users on s.OwnerId equals u.Id
        select new ServerView(
            s.Id, s.OwnerId, u.Email, s.Name, s.Kind, s.Status, s.Operation, p.Slug, p.Name, t.Slug, t.Name, t.GamePort,
            s.Node, s.Vmid, s.IpAddress, s.Hostname, s.FailureReason, s.FailureDetail, s.Complimentary, s.CreatedAt, s.UpdatedAt,
            s.Steps.OrderBy(x => x.Id).Select(x => new StepView(x.Step, x.State, x.Attempts, x.StartedAt, x.FinishedAt, x.Message)).ToList())
        {
            LastActionError = s.LastActionError,
            Game = t.Game,
            Protocol = t.Protocol,
            PublicPort = s.PublicPort,
            StaffSuspendedReason = s.StaffSuspendedReason,
            ActionFailures = s.ActionFailures.OrderByDescending(f => f.Id).Take(ActionFailuresShown)
                .Select(f => new ActionFailureView(f.Id, f.Operation, f.RequestedAt, f.FailedAt, f.Reason)).ToList(),
        };
}
