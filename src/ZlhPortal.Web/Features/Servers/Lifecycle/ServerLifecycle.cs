using System.Linq.Expressions;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Requests on a server's lifecycle: create (provision), power, delete, retry. Each request checks ownership and the
/// server's state, claims the server's single operation slot atomically, and hands the work to
/// <see cref="IServerOperations"/> (Provisioning's jobs). Whoever holds a console or IDE on a server that is going
/// away, on any instance, is told through <see cref="ServerAccessRevocation"/>; a move tells <see cref="IServerTransferHandler"/>s inside
/// the move's transaction.
/// </summary>
public sealed partial class ServerLifecycle(
    IDbContextFactory<AppDbContext> dbFactory, IServerOperations operations, AgentCredentials credentials, IOptions<DnsOptions> dns,
    ServerEvents events, ServerAccessRevocation revocation, IEnumerable<IServerTransferHandler> transferHandlers, ServerHistory timeline, TimeProvider time,
    IEnumerable<IServerSuspensionHold> holds, ILogger<ServerLifecycle> logger)
{
    /// <param name="orderId">The paid order the server is for; a second call for the same order answers with the server it already made.</param>
    /// <param name="takeOverCapacity">
    /// Runs in the transaction that saves the new record, once it has its id: capacity reserved before payment is handed
    /// to the server, which then gets the node and VMID that were held for it.
    /// </param>
    public async Task<ServerRequestResult> CreateAsync(string ownerId, string planSlug, string templateSlug, string name, bool complimentary, CancellationToken ct = default,
        int? orderId = null, Func<AppDbContext, HostedServer, CancellationToken, Task<(string Node, int Vmid)?>>? takeOverCapacity = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (orderId is not null && await db.Servers.Where(s => s.OrderId == orderId).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct) is { } existing)
        {
            return new ServerRequestResult(ServerRequestOutcome.Accepted, $"{name} is being set up.", existing);
        }

        var (server, problem) = await NewRecordAsync(db, ownerId, planSlug, templateSlug, name, complimentary, ct, allowRetired: orderId is not null);
        if (server is null)
        {
            return ServerRequestResult.Invalid(problem!);
        }

        server.OrderId = orderId;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await AddRecordAsync(db, server, ct);
            if (takeOverCapacity is not null && await takeOverCapacity(db, server, ct) is { } placement)
            {
                server.Node = placement.Node;
                server.Vmid = placement.Vmid;
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        operations.Provision(server.Id);
        await timeline.RecordAsync(server.Id, HistoryKind.Setup, complimentary ? HistoryActors.Platform : await ActorAsync(db, ownerId, ct),
            complimentary ? "Created for you by ZeroLagHub; setup started." : "Ordered; setup started.", ct);
        logger.LogInformation("Server {ServerId} ({TemplateId} on {PlanId}) requested for {OwnerId}", server.Id, server.TemplateId, server.PlanId, ownerId);
        await events.PublishAsync(new ServerChanged(server.Id, ownerId));
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"{server.Name} is being set up.", server.Id);
    }

    /// <summary>
    /// A new server record (about to be provisioned) for the request, unsaved, or why the request cannot be met: the
    /// name, a plan on sale, a template that fits it, an existing customer.
    /// </summary>
    public async Task<(HostedServer? Server, string? Problem)> NewRecordAsync(
        AppDbContext db, string ownerId, string planSlug, string templateSlug, string name, bool complimentary, CancellationToken ct, bool allowRetired = false)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > HostedServer.NameMaxLength)
        {
            return (null, $"Give the server a name of 1 to {HostedServer.NameMaxLength} characters.");
        }

        // A paid order gets the plan it was priced with even if the plan was retired since.
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Slug == planSlug && (p.Active || allowRetired), ct);
        var template = await db.Templates.FirstOrDefaultAsync(t => t.Slug == templateSlug && (t.Active || allowRetired), ct);
        if (plan is null)
        {
            return (null, $"There is no plan '{planSlug}' on sale.");
        }

        if (template is null)
        {
            return (null, $"There is no template '{templateSlug}'.");
        }

        if (!template.Fits(plan))
        {
            return (null, $"{template.Name} does not run on the {plan.Name} plan; choose a larger {template.Kind.ToString().ToLowerInvariant()} plan.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == ownerId, ct))
        {
            return (null, "No such customer.");
        }

        var now = time.GetUtcNow();
        return (new HostedServer
        {
            OwnerId = ownerId,
            Name = name,
            Kind = template.Kind,
            PlanId = plan.Id,
            TemplateId = template.Id,
            Status = ServerStatus.Provisioning,
            Operation = ServerOperation.Provision,
            OperationStartedAt = now,
            AgentCredentialProtected = credentials.NewProtected(),
            Complimentary = complimentary,
            CreatedAt = now,
            UpdatedAt = now,
            Steps = ServerSteps.Setup.Select(step => new ServerStep { Step = step }).ToList(),
        }, null);
    }

    /// <summary>Saves a new record and gives it its hostname (which carries the id).</summary>
    public async Task AddRecordAsync(AppDbContext db, HostedServer server, CancellationToken ct)
    {
        db.Servers.Add(server);
        await db.SaveChangesAsync(ct);
        server.Hostname = $"{Slug(server.Name)}-{server.Id}.{dns.Value.Zone}";
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A container found on the cluster becomes this (tracked, unsaved) server's: it takes the container's place and
    /// power state, its setup counts as done, and any failure is forgotten.
    /// </summary>
    /// <param name="agentCredentialProtected">The credential the container's agent already holds, when the portal knows it.</param>
    public void MarkAdopted(HostedServer server, string node, int vmid, string? address, bool running, string? agentCredentialProtected)
    {
        var now = time.GetUtcNow();
        server.AgentCredentialProtected = agentCredentialProtected ?? server.AgentCredentialProtected;
        server.Node = node;
        server.Vmid = vmid;
        server.IpAddress = address;
        server.Status = running ? ServerStatus.Running : ServerStatus.Stopped;
        server.Operation = ServerOperation.None;
        server.OperationStartedAt = null;
        server.FailureReason = null;
        server.FailureDetail = null;
        server.UpdatedAt = now;
        server.Version = Guid.NewGuid();
        foreach (var step in server.Steps.Where(s => ServerSteps.Setup.Contains(s.Step)))
        {
            step.State = StepState.Succeeded;
            step.FinishedAt ??= now;
            step.Message = $"Adopted container {vmid} on {node}.";
        }
    }

    /// <param name="ownerId">The customer asking; null for staff acting on any server.</param>
    /// <param name="actor">Who asked, as the server's history names them; the customer's email when null (the platform's name for staff).</param>
    /// <param name="reason">Why, when staff ask (the history shows it to the customer).</param>
    public async Task<ServerRequestResult> PowerAsync(int serverId, string? ownerId, PowerAction action, CancellationToken ct = default, string? actor = null, string? reason = null)
    {
        var operation = action switch
        {
            PowerAction.Start => ServerOperation.Start,
            PowerAction.Stop => ServerOperation.Stop,
            PowerAction.Restart => ServerOperation.Restart,
            _ => ServerOperation.Kill,
        };
        var allowed = action == PowerAction.Start
            ? new[] { ServerStatus.Stopped, ServerStatus.Running }
            : [ServerStatus.Running, ServerStatus.Stopped];
        var claim = await ClaimAsync(serverId, ownerId, operation, allowed, ct, desiredRunning: action is PowerAction.Start or PowerAction.Restart,
            history: (HistoryKind.Power, (action == PowerAction.Kill ? "Kill (immediate stop) requested" : $"{action} requested") + (reason is null ? "." : $": {reason}"), actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        operations.Power(serverId, action);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"{action} requested.", serverId);
    }

    public async Task<ServerRequestResult> DeleteAsync(int serverId, string? ownerId, CancellationToken ct = default, string? actor = null)
    {
        var claim = await ClaimAsync(serverId, ownerId, ServerOperation.Delete,
            [ServerStatus.Running, ServerStatus.Stopped, ServerStatus.Failed, ServerStatus.Suspended], ct, ServerStatus.Deleting,
            history: (HistoryKind.Deletion, "Deletion requested.", actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Deleted);
        operations.Delete(serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Deletion started.", serverId);
    }

    /// <summary>
    /// Admin: delete whatever the server is doing (a stuck setup, an operation that never ends). The running job, if any,
    /// stops at its next step, and the delete waits for it (they share the server's lock), so nothing is created behind it.
    /// </summary>
    public async Task<ServerRequestResult> ForceDeleteAsync(int serverId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var ownerId = await db.Servers.Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted).Select(s => s.OwnerId).FirstOrDefaultAsync(ct);
        var updated = ownerId is null ? 0 : await db.Servers.Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, ServerStatus.Deleting)
                .SetProperty(x => x.Operation, ServerOperation.Delete)
                .SetProperty(x => x.OperationStartedAt, now)
                .SetProperty(x => x.UpdatedAt, now)
                .SetProperty(x => x.Version, Guid.NewGuid()), ct);
        if (updated == 0)
        {
            return ServerRequestResult.NotFound(serverId);
        }

        await events.PublishAsync(new ServerChanged(serverId, ownerId!));
        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Deleted);
        operations.Delete(serverId);
        logger.LogWarning("Server {ServerId} force-deleted by staff", serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Deletion forced.", serverId);
    }

    /// <summary>
    /// Admin: gives a server to another account. Its subscription moves along (the next invoices go to the new owner;
    /// issued ones stay with whoever they were issued to), and every console and IDE open on it closes at once, since
    /// whoever held them may no longer be entitled to. It moves only while <paramref name="previousOwnerId"/> (the owner
    /// the caller told about the move) still owns it: a move that raced in between makes this one a conflict.
    /// </summary>
    public async Task<ServerRequestResult> TransferAsync(int serverId, string previousOwnerId, string newOwnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await db.Servers.Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted).Select(s => new { s.OwnerId, s.Status }).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return ServerRequestResult.NotFound(serverId);
        }

        // The admin page offers no "Move" on a server being deleted; the API refuses it the same way.
        if (current.Status == ServerStatus.Deleting)
        {
            return ServerRequestResult.Conflict("The server is being deleted; it cannot change hands.");
        }

        if (current.OwnerId == newOwnerId)
        {
            return ServerRequestResult.Invalid("That account already owns the server.");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var updated = await db.Servers.Where(s => s.Id == serverId && s.OwnerId == previousOwnerId && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Deleting)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.OwnerId, newOwnerId)
                    .SetProperty(x => x.UpdatedAt, time.GetUtcNow())
                    .SetProperty(x => x.Version, Guid.NewGuid()), ct);
            if (updated == 0)
            {
                return ServerRequestResult.Conflict("The server changed meanwhile; try again.");
            }

            timeline.Add(db, serverId, HistoryKind.Transfer, HistoryActors.Support, "Moved to this account from another one by ZeroLagHub staff.");
            await db.SaveChangesAsync(ct);
            foreach (var handler in transferHandlers)
            {
                await handler.OnTransferredAsync(db, serverId, previousOwnerId, newOwnerId, ct);
            }

            await transaction.CommitAsync(ct);
        }

        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Moved);
        await events.PublishAsync(new ServerChanged(serverId, previousOwnerId));
        await events.PublishAsync(new ServerChanged(serverId, newOwnerId));
        logger.LogWarning("Server {ServerId} transferred by staff", serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Server transferred.", serverId);
    }

    /// <summary>
    /// Installs the game or runtime afresh in the same container (same VMID, address and hostname) after a snapshot
    /// that keeps what was there; see <see cref="ServerSteps.Reinstall"/>.
    /// </summary>
    public async Task<ServerRequestResult> ReinstallAsync(int serverId, string? ownerId, CancellationToken ct = default, string? actor = null)
    {
        var claim = await ClaimStepsAsync(serverId, ownerId, ServerOperation.Reinstall, ServerSteps.Reinstall, ct,
            history: (HistoryKind.Reinstall, "Reinstall requested; a snapshot is taken first.", actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Reinstalled);
        operations.Reinstall(serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Reinstall started; a snapshot of the server is taken first.", serverId);
    }

    /// <summary>
    /// Claims the slot of a running or stopped server for an operation another part carries out (backups), with
    /// <paramref name="withClaim"/> (that part's own record of it) in the claim's transaction.
    /// </summary>
    /// <param name="history">The history line the claim writes: what was asked for, and by whom (see <see cref="PowerAsync"/>).</param>
    /// <param name="allowed">The states the server may be in; running or stopped when null.</param>
    public Task<ServerRequestResult> ClaimAsync(int serverId, string? ownerId, ServerOperation operation, Func<AppDbContext, CancellationToken, Task> withClaim,
        (HistoryKind Kind, string Text, string? Actor) history, CancellationToken ct, ServerStatus[]? allowed = null) =>
        ClaimAsync(serverId, ownerId, operation, allowed ?? [ServerStatus.Running, ServerStatus.Stopped], ct, withClaim: withClaim, history: history);

    /// <summary>
    /// Claims the slot of a running or stopped server for a step-by-step operation (reinstall, restore) and resets those
    /// steps to pending. The claim and the reset are one transaction: a crash between them would leave a claimed operation
    /// whose steps still read "succeeded" from last time, which the resumed job would skip.
    /// </summary>
    /// <param name="withClaim">More database work of the caller's that belongs to the claim.</param>
    public Task<ServerRequestResult> ClaimStepsAsync(int serverId, string? ownerId, ServerOperation operation, IReadOnlyList<ProvisioningStep> steps, CancellationToken ct,
        Func<AppDbContext, CancellationToken, Task>? withClaim = null, (HistoryKind Kind, string Text, string? Actor)? history = null) =>
        ClaimAsync(serverId, ownerId, operation, [ServerStatus.Running, ServerStatus.Stopped], ct, history: history, withClaim: async (db, c) =>
        {
            var names = steps.ToList();
            await db.ServerSteps.Where(s => s.ServerId == serverId && names.Contains(s.Step))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.State, StepState.Pending)
                    .SetProperty(x => x.Attempts, 0)
                    .SetProperty(x => x.StartedAt, (DateTimeOffset?)null)
                    .SetProperty(x => x.FinishedAt, (DateTimeOffset?)null)
                    .SetProperty(x => x.Message, (string?)null), c);
            var missing = names.Except(await db.ServerSteps.Where(s => s.ServerId == serverId).Select(s => s.Step).ToListAsync(c));
            db.ServerSteps.AddRange(missing.Select(step => new ServerStep { ServerId = serverId, Step = step }));
            await db.SaveChangesAsync(c);
            if (withClaim is not null)
            {
                await withClaim(db, c);
            }
        });

    /// <summary>Stops the server and blocks starting it and its console until <see cref="UnsuspendAsync"/> (billing and admins).</summary>
    /// <param name="reason">Why, for the server's history (billing: the unpaid invoice).</param>
    public async Task<ServerRequestResult> SuspendAsync(int serverId, CancellationToken ct = default, string? actor = null, string? reason = null)
    {
        var claim = await ClaimAsync(serverId, null, ServerOperation.Suspend, [ServerStatus.Running, ServerStatus.Stopped], ct, desiredSuspended: true,
            history: (HistoryKind.Suspension, reason is null ? $"{HistoryTexts.SuspendedPrefix}." : $"{HistoryTexts.SuspendedPrefix}: {reason}", actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Suspended);
        operations.Suspend(serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Suspension started.", serverId);
    }

    /// <summary>
    /// Lifts a suspension (billing once the invoices are paid, the reconciler). A server staff suspended stays suspended:
    /// the answer is then accepted (the caller's reason to hold it is gone) but nothing changes until staff lift theirs.
    /// </summary>
    public async Task<ServerRequestResult> UnsuspendAsync(int serverId, CancellationToken ct = default, string? actor = null, string? reason = null)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.Servers.AnyAsync(s => s.Id == serverId && s.Status != ServerStatus.Deleted && s.StaffSuspendedAt != null, ct))
            {
                return new ServerRequestResult(ServerRequestOutcome.Accepted, "The server stays suspended: staff suspended it.", serverId);
            }
        }

        var claim = await ClaimAsync(serverId, null, ServerOperation.Unsuspend, [ServerStatus.Suspended], ct, desiredRunning: true, desiredSuspended: false,
            onlyIf: s => s.StaffSuspendedAt == null,
            history: (HistoryKind.Suspension, reason is null
                ? $"{HistoryTexts.LiftedPrefix}; the server is started again."
                : $"{HistoryTexts.LiftedPrefix} ({reason}); the server is started again.", actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        operations.Power(serverId, PowerAction.Start);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "The server is being restored.", serverId);
    }

    /// <summary>
    /// Staff suspend the server by hand with a reason. The suspension is theirs, apart from billing's: paying does not
    /// lift it, only <see cref="StaffUnsuspendAsync"/> does. A server billing already suspended (or is suspending) only
    /// gets the staff mark.
    /// </summary>
    /// <param name="actor">Who, as the history names them.</param>
    /// <param name="staffEmail">The staff member's email, kept with the mark.</param>
    public async Task<ServerRequestResult> StaffSuspendAsync(int serverId, string reason, string actor, string staffEmail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted)
            .Select(s => new { s.OwnerId, s.DesiredSuspended, s.StaffSuspendedAt }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return ServerRequestResult.NotFound(serverId);
        }

        if (server.StaffSuspendedAt is not null)
        {
            return ServerRequestResult.Conflict("The server is already suspended by staff; lift that suspension first to suspend it again with another reason.");
        }

        var now = time.GetUtcNow();
        var text = $"{HistoryTexts.SuspendedPrefix} by staff: {reason}";
        Task Mark(AppDbContext context, CancellationToken c) => context.Servers.Where(s => s.Id == serverId && s.StaffSuspendedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.StaffSuspendedReason, reason)
                .SetProperty(x => x.StaffSuspendedAt, now)
                .SetProperty(x => x.StaffSuspendedBy, staffEmail)
                .SetProperty(x => x.UpdatedAt, now), c);
        if (server.DesiredSuspended)
        {
            var marked = await db.Servers.Where(s => s.Id == serverId && s.StaffSuspendedAt == null && s.DesiredSuspended)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.StaffSuspendedReason, reason)
                    .SetProperty(x => x.StaffSuspendedAt, now)
                    .SetProperty(x => x.StaffSuspendedBy, staffEmail)
                    .SetProperty(x => x.UpdatedAt, now)
                    .SetProperty(x => x.Version, Guid.NewGuid()), ct);
            if (marked == 0)
            {
                return ServerRequestResult.Conflict("The server's suspension changed a moment ago; look again and retry.");
            }

            await timeline.RecordAsync(serverId, HistoryKind.Suspension, actor, text, ct);
            await events.PublishAsync(new ServerChanged(serverId, server.OwnerId));
            return new ServerRequestResult(ServerRequestOutcome.Accepted, "Suspended by staff (it was already suspended for an unpaid invoice).", serverId);
        }

        var claim = await ClaimAsync(serverId, null, ServerOperation.Suspend, [ServerStatus.Running, ServerStatus.Stopped], ct, desiredSuspended: true,
            withClaim: Mark, history: (HistoryKind.Suspension, text, actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        await revocation.RevokeAsync(serverId, ServerAccessRevocation.Suspended);
        operations.Suspend(serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Suspension started.", serverId);
    }

    /// <summary>
    /// Staff lift their own suspension. The server comes back only when no other part holds it suspended
    /// (<see cref="IServerSuspensionHold"/>: billing, for an unpaid invoice); otherwise only the staff mark goes.
    /// </summary>
    public async Task<ServerRequestResult> StaffUnsuspendAsync(int serverId, string reason, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.Status != ServerStatus.Deleted)
            .Select(s => new { s.OwnerId, s.Status, s.Operation, s.StaffSuspendedAt }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return ServerRequestResult.NotFound(serverId);
        }

        string? held = null;
        foreach (var hold in holds)
        {
            held ??= await hold.WhyHeldAsync(serverId, ct);
        }

        if (server.StaffSuspendedAt is null)
        {
            return ServerRequestResult.Conflict(server.Status != ServerStatus.Suspended ? "The server is not suspended."
                : held is not null ? $"Staff did not suspend this server; it is suspended because {held}."
                : "Staff did not suspend this server.");
        }

        if (server.Operation != ServerOperation.None)
        {
            return ServerRequestResult.Conflict($"Another operation ({Describe(server.Operation)}) is still in progress; try again when it has finished.");
        }

        Task Clear(AppDbContext context, CancellationToken c) => context.Servers.Where(s => s.Id == serverId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.StaffSuspendedReason, (string?)null)
                .SetProperty(x => x.StaffSuspendedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.StaffSuspendedBy, (string?)null), c);
        if (held is null && server.Status == ServerStatus.Suspended)
        {
            var claim = await ClaimAsync(serverId, null, ServerOperation.Unsuspend, [ServerStatus.Suspended], ct, desiredRunning: true, desiredSuspended: false,
                withClaim: Clear, history: (HistoryKind.Suspension, $"{HistoryTexts.LiftedPrefix} by staff ({reason}); the server is started again.", actor));
            if (!claim.Accepted)
            {
                return claim;
            }

            operations.Power(serverId, PowerAction.Start);
            return new ServerRequestResult(ServerRequestOutcome.Accepted, "The server is being restored.", serverId);
        }

        // Billing still holds it (or the suspension never took): the mark goes, the desired state follows what is left.
        var cleared = await db.Servers.Where(s => s.Id == serverId && s.StaffSuspendedAt != null && s.Operation == ServerOperation.None)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.StaffSuspendedReason, (string?)null)
                .SetProperty(x => x.StaffSuspendedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.StaffSuspendedBy, (string?)null)
                .SetProperty(x => x.DesiredSuspended, held != null)
                .SetProperty(x => x.UpdatedAt, time.GetUtcNow())
                .SetProperty(x => x.Version, Guid.NewGuid()), ct);
        if (cleared == 0)
        {
            return ServerRequestResult.Conflict("The server's suspension changed a moment ago; look again and retry.");
        }

        await timeline.RecordAsync(serverId, HistoryKind.Suspension, actor, held is null
            ? $"Staff suspension removed ({reason})."
            : $"Staff suspension removed ({reason}); the server stays suspended because {held}.", ct);
        await events.PublishAsync(new ServerChanged(serverId, server.OwnerId));
        return new ServerRequestResult(ServerRequestOutcome.Accepted, held is null
            ? "The staff suspension is removed."
            : $"The staff suspension is removed, but the server stays suspended because {held}.", serverId);
    }

    /// <summary>
    /// Records that the server is to get another plan's resources, in the caller's database work (billing: with the
    /// plan change it paid for), so the change survives a crash before <see cref="Resize"/> runs; the reconciler applies
    /// a recorded plan that never was.
    /// </summary>
    public Task RecordPlanAsync(AppDbContext db, int serverId, int planId, CancellationToken ct) =>
        db.Servers.Where(s => s.Id == serverId).ExecuteUpdateAsync(s => s.SetProperty(x => x.DesiredPlanId, planId), ct);

    /// <summary>Applies another plan's resources to the server (billing calls this once a plan change is paid for and recorded).</summary>
    public void Resize(int serverId, int planId) => operations.Resize(serverId, planId);

    /// <summary>Admin: run provisioning again after a failure (what the failure cleaned up is redone).</summary>
    public async Task<ServerRequestResult> RetryAsync(int serverId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var updated = await db.Servers.Where(s => s.Id == serverId && s.Status == ServerStatus.Failed && s.Operation == ServerOperation.None)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, ServerStatus.Provisioning)
                .SetProperty(x => x.Operation, ServerOperation.Provision)
                .SetProperty(x => x.OperationStartedAt, now)
                .SetProperty(x => x.FailureReason, (string?)null)
                .SetProperty(x => x.Version, Guid.NewGuid()), ct);
        if (updated == 0)
        {
            return ServerRequestResult.Conflict("Only a failed server can be retried.");
        }

        await db.ServerSteps.Where(s => s.ServerId == serverId && s.State == StepState.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, StepState.Pending).SetProperty(x => x.Attempts, 0), ct);
        operations.Provision(serverId);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "Provisioning restarted.", serverId);
    }

    /// <summary>Claims the server's operation slot if it is free and the server is in an allowed state.</summary>
    /// <param name="desiredRunning">What the request wants of the server's power, recorded with the claim (null: unchanged).</param>
    /// <param name="desiredSuspended">Whether the request wants the server suspended, recorded with the claim (null: unchanged).</param>
    /// <param name="withClaim">More database work that must happen together with the claim, in its transaction.</param>
    /// <param name="history">The line the server's history gets for the request (who: the customer's email unless named).</param>
    /// <param name="onlyIf">A further condition the server must meet at the moment of the claim.</param>
    private async Task<ServerRequestResult> ClaimAsync(int serverId, string? ownerId, ServerOperation operation, ServerStatus[] allowed, CancellationToken ct,
        ServerStatus? newStatus = null, bool? desiredRunning = null, bool? desiredSuspended = null, Func<AppDbContext, CancellationToken, Task>? withClaim = null,
        (HistoryKind Kind, string Text, string? Actor)? history = null, Expression<Func<HostedServer, bool>>? onlyIf = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking()
            .Where(s => s.Id == serverId && (ownerId == null || s.OwnerId == ownerId) && s.Status != ServerStatus.Deleted)
            .Select(s => new { s.Status, s.Operation, s.OwnerId })
            .FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return ServerRequestResult.NotFound(serverId);
        }

        if (server.Operation != ServerOperation.None)
        {
            return ServerRequestResult.Conflict($"Another operation ({Describe(server.Operation)}) is still in progress; try again when it has finished.");
        }

        if (!allowed.Contains(server.Status))
        {
            return ServerRequestResult.Conflict(server.Status switch
            {
                ServerStatus.Suspended => "This server is suspended; it cannot be started until the suspension is lifted.",
                ServerStatus.Provisioning => "This server is still being set up.",
                ServerStatus.Deleting => "This server is being deleted.",
                ServerStatus.Failed => "This server failed to set up; it can only be deleted or retried by our team.",
                _ => $"That is not possible while the server is {server.Status.ToString().ToLowerInvariant()}.",
            });
        }

        var now = time.GetUtcNow();
        var status = newStatus ?? server.Status;
        await using var transaction = withClaim is null ? null : await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Servers
            .Where(s => s.Id == serverId && s.Operation == ServerOperation.None && s.Status == server.Status)
            .Where(onlyIf ?? (_ => true))
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(x => x.Operation, operation)
                    .SetProperty(x => x.OperationStartedAt, now)
                    .SetProperty(x => x.Status, status)
                    .SetProperty(x => x.UpdatedAt, now)
                    .SetProperty(x => x.Version, Guid.NewGuid());
                if (desiredRunning is { } running)
                {
                    s.SetProperty(x => x.DesiredRunning, running);
                }

                if (desiredSuspended is { } suspended)
                {
                    s.SetProperty(x => x.DesiredSuspended, suspended);
                }
            }, ct);
        if (claimed == 0)
        {
            return ServerRequestResult.Conflict("Another operation started a moment ago; try again when it has finished.");
        }

        if (withClaim is not null)
        {
            await withClaim(db, ct);
            await transaction!.CommitAsync(ct);
        }

        if (history is { } line)
        {
            await timeline.RecordAsync(serverId, line.Kind, line.Actor ?? await ActorAsync(db, ownerId, ct), line.Text, ct);
        }

        await events.PublishAsync(new ServerChanged(serverId, server.OwnerId));
        return new ServerRequestResult(ServerRequestOutcome.Accepted, "", serverId);
    }

    /// <summary>Who a request came from, for the history: the customer by their email, or the platform (staff, the reconciler).</summary>
    private static async Task<string> ActorAsync(AppDbContext db, string? ownerId, CancellationToken ct) =>
        ownerId is null ? HistoryActors.Platform : await db.Users.Where(u => u.Id == ownerId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? HistoryActors.Platform;

    private static string Describe(ServerOperation operation) => operation switch
    {
        ServerOperation.Provision => "setup",
        ServerOperation.Migrate => "move to another node",
        _ => operation.ToString().ToLowerInvariant(),
    };

    /// <summary>A DNS label from a display name: lowercase ASCII letters, digits and dashes.</summary>
    public static string Slug(string name)
    {
        var ascii = Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(name.Normalize(NormalizationForm.FormD).ToLowerInvariant())).Replace('?', '-');
        var slug = NonLabel().Replace(ascii, "-").Trim('-');
        slug = MultiDash().Replace(slug, "-");
        return slug.Length == 0 ? "server" : slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NonLabel();

    [GeneratedRegex("-{2,}")]
    private static partial Regex MultiDash();
}
