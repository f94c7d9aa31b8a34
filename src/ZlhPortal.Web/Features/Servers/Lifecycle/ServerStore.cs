using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>Small, short write transactions on a server's durable state, used by the jobs that drive it.</summary>
public sealed class ServerStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ServerEvents events, ServerHistory history)
{
    public async Task<HostedServer?> LoadAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Servers.AsNoTracking().Include(s => s.Steps).FirstOrDefaultAsync(s => s.Id == serverId, ct);
    }

    /// <summary>Applies <paramref name="change"/> to the server and saves; notifies open pages.</summary>
    public async Task UpdateAsync(int serverId, Action<HostedServer> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.Include(s => s.Steps).FirstAsync(s => s.Id == serverId, ct);
        change(server);
        server.UpdatedAt = time.GetUtcNow();
        server.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new ServerChanged(server.Id, server.OwnerId));
    }

    /// <summary>
    /// The server's operation is over and it is left in <paramref name="status"/>; its operation slot is free again, and its
    /// history says how it ended. The line is written first, once per operation (a job run again writes nothing more), so
    /// freeing the slot stays the job's last act before it gives up the server's lease.
    /// </summary>
    public async Task FinishOperationAsync(int serverId, ServerStatus status, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var current = await db.Servers.AsNoTracking().Where(s => s.Id == serverId)
                .Select(s => new { s.Operation, s.OperationStartedAt }).FirstOrDefaultAsync(ct);
            if (current is not null && Outcome(current.Operation, status) is { } line)
            {
                await history.RecordAsync(serverId, line.Kind, HistoryActors.Platform, line.Text, ct,
                    onceKey: $"done:{current.Operation}:{current.OperationStartedAt?.ToUnixTimeMilliseconds()}");
            }
        }

        await UpdateAsync(serverId, server =>
        {
            server.Status = status;
            server.Operation = ServerOperation.None;
            server.OperationStartedAt = null;
        }, ct);
    }

    /// <summary>
    /// A step-by-step operation (reinstall, restore) failed at <paramref name="step"/>: the step says why, in
    /// <paramref name="message"/>; the server is left Stopped, or as it was when <paramref name="nothingChanged"/>; the slot
    /// is free again, and the history says so.
    /// </summary>
    public async Task StepOperationFailedAsync(
        int serverId, ProvisioningStep step, string message, string detail, bool nothingChanged, HistoryKind kind, string historyText, CancellationToken ct)
    {
        await history.RecordAsync(serverId, kind, HistoryActors.Platform, historyText, ct);
        await UpdateAsync(serverId, s =>
        {
            var entry = s.Steps.First(x => x.Step == step);
            entry.State = StepState.Failed;
            entry.FinishedAt = time.GetUtcNow();
            entry.Message = Truncate(message);
            s.FailureDetail = Truncate(detail);
            s.Status = nothingChanged ? s.Status : ServerStatus.Stopped;
            s.Operation = ServerOperation.None;
            s.OperationStartedAt = null;
        }, ct);
    }

    /// <summary>How an operation that ends here ended (power actions end in their job, and their request says it all).</summary>
    private static (HistoryKind Kind, string Text)? Outcome(ServerOperation operation, ServerStatus status) => operation switch
    {
        ServerOperation.Provision => (HistoryKind.Setup, HistoryTexts.SetUp),
        ServerOperation.Reinstall => (HistoryKind.Reinstall, "Reinstalled and running."),
        ServerOperation.Restore => (HistoryKind.Restore, "Restored and running."),
        ServerOperation.Suspend => (HistoryKind.Suspension, "Suspended: stopped, and closed to players."),
        ServerOperation.Delete when status == ServerStatus.Deleted => (HistoryKind.Deletion, "Deleted."),
        _ => null,
    };

    /// <summary>
    /// The power action in the server's operation slot failed and left it in <paramref name="status"/>: the customer is
    /// told <paramref name="reason"/> (alert and history) and the slot is free again. A second call for the same request finds the slot free and does nothing,
    /// so a job run again by the queue never adds a second entry.
    /// </summary>
    public async Task ActionFailedAsync(int serverId, ServerStatus status, string reason, string? detail, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.FirstAsync(s => s.Id == serverId, ct);
        if (server.Operation == ServerOperation.None || server.Status == ServerStatus.Deleting)
        {
            return;
        }

        var now = time.GetUtcNow();
        reason = Truncate(reason, ServerActionFailure.ReasonMaxLength)!;
        db.ServerActionFailures.Add(new ServerActionFailure
        {
            ServerId = serverId,
            Operation = server.Operation,
            RequestedAt = server.OperationStartedAt ?? now,
            FailedAt = now,
            Reason = reason,
            Detail = Truncate(detail, ServerActionFailure.DetailMaxLength),
        });
        server.LastActionError = reason;
        server.Status = status;
        // The customer is told it failed and may ask again; the reconciler does not keep retrying a refused power action.
        // A suspension or its lifting (billing's intent) stays wanted and is tried again.
        if (server.Operation is not (ServerOperation.Suspend or ServerOperation.Unsuspend))
        {
            server.DesiredRunning = status == ServerStatus.Running;
        }

        history.Add(db, serverId, server.Operation is ServerOperation.Suspend or ServerOperation.Unsuspend ? HistoryKind.Suspension : HistoryKind.Power,
            HistoryActors.Platform, $"{Describe(server.Operation)} failed: {reason}");
        server.Operation = ServerOperation.None;
        server.OperationStartedAt = null;
        server.UpdatedAt = now;
        server.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new ServerChanged(server.Id, server.OwnerId));
    }

    private static string Describe(ServerOperation operation) => operation switch
    {
        ServerOperation.Kill => "The immediate stop",
        ServerOperation.Unsuspend => "Lifting the suspension",
        _ => $"The {operation.ToString().ToLowerInvariant()}",
    };

    /// <summary>A failed server whose container and VMID were removed no longer names them (a retry places it afresh).</summary>
    public async Task ForgetContainerAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Servers.Where(s => s.Id == serverId && s.Status == ServerStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Vmid, (int?)null).SetProperty(x => x.Node, (string?)null).SetProperty(x => x.IpAddress, (string?)null), ct);
    }

    public Task StepStartedAsync(int serverId, ProvisioningStep step, CancellationToken ct) => UpdateAsync(serverId, server =>
    {
        var entry = Step(server, step);
        entry.State = StepState.Running;
        entry.Attempts++;
        entry.StartedAt ??= time.GetUtcNow();
        entry.FinishedAt = null;
    }, ct);

    public Task StepSucceededAsync(int serverId, ProvisioningStep step, string? message, CancellationToken ct) => UpdateAsync(serverId, server =>
    {
        var entry = Step(server, step);
        entry.State = StepState.Succeeded;
        entry.FinishedAt = time.GetUtcNow();
        entry.Message = Truncate(message);
    }, ct);

    /// <summary>The step will be tried again later; its message says why it is waiting.</summary>
    public Task StepWaitingAsync(int serverId, ProvisioningStep step, string message, CancellationToken ct) => UpdateAsync(serverId, server =>
    {
        var entry = Step(server, step);
        entry.State = StepState.Pending;
        entry.Message = Truncate(message);
    }, ct);

    private static ServerStep Step(HostedServer server, ProvisioningStep step)
    {
        var entry = server.Steps.FirstOrDefault(s => s.Step == step);
        if (entry is null)
        {
            entry = new ServerStep { ServerId = server.Id, Step = step };
            server.Steps.Add(entry);
        }

        return entry;
    }

    public static string? Truncate(string? message, int maxLength = ServerStep.MessageMaxLength) =>
        message is { Length: var length } && length > maxLength ? message[..maxLength] : message;
}
