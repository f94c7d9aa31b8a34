using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Installs another version of a server's game or runtime in place (<see cref="ServerSteps.ChangeVersion"/>): a safety
/// backup, the game stopped, the agent given the new version (it replaces the game and keeps the world and files), then
/// running again. Step by step in the server's slot, so a run cut short is resumed by the reconciler where it stopped.
/// </summary>
public sealed class ChangeServerVersionJob(
    IDbContextFactory<AppDbContext> dbFactory, ServerStore store, ProvisionServerJob provisioning, SafetyBackups safeties, AgentClient agents,
    AgentCredentials credentials, PlanCatalog catalog, ServerHistory history, ServerLocks locks, IOptions<ProvisioningOptions> options, TimeProvider time,
    ILogger<ChangeServerVersionJob> logger)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);

    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Operation != ServerOperation.ChangeVersion)
        {
            return;
        }

        var template = await catalog.GetTemplateAsync(server.TemplateId, ct);
        if (server.RequestedGameVersion is not { } target || template is null)
        {
            logger.LogWarning("Version change of server {ServerId} has no version to install; the operation is dropped", serverId);
            await store.UpdateAsync(serverId, s =>
            {
                s.Operation = ServerOperation.None;
                s.OperationStartedAt = null;
            }, ct);
            return;
        }

        var from = server.GameVersion ?? template.DefaultVersion;
        var result = await StepSequence.RunAsync(store, server, ServerSteps.ChangeVersion, s => s.Operation == ServerOperation.ChangeVersion, step => step switch
        {
            ProvisioningStep.SafetyBackup => safeties.MakeAsync(server, $"Before version {target}", "version change", null, ct),
            ProvisioningStep.StopGame => StopGameAsync(server, ct),
            ProvisioningStep.InstallVersion => InstallAsync(server, template, target, ct),
            _ => provisioning.RunStepAsync(step, serverId, reinstall: false, ct),
        }, ct);
        if (result.Failure is { } failure)
        {
            var step = result.FailedStep!.Value;
            logger.LogWarning("Version change of server {ServerId} failed at {Step}: {Detail}", serverId, step, failure.Message);
            var nothingChanged = step == ProvisioningStep.SafetyBackup;
            await store.UpdateAsync(serverId, s => s.RequestedGameVersion = null, ct);
            await store.StepOperationFailedAsync(serverId, step, nothingChanged ? $"{failure.CustomerReason} Nothing was changed." : failure.CustomerReason,
                failure.Message, nothingChanged, HistoryKind.Version, $"The change from version {from} to {target} failed: {failure.CustomerReason}", ct);
            return;
        }

        if (!result.Completed)
        {
            return;
        }

        await history.RecordAsync(serverId, HistoryKind.Version, await RequesterAsync(serverId, ct), $"Version changed from {from} to {target}.", ct);
        await store.UpdateAsync(serverId, s =>
        {
            s.GameVersion = target;
            s.RequestedGameVersion = null;
        }, ct);
        await store.FinishOperationAsync(serverId, ServerStatus.Running, ct);
        logger.LogInformation("Server {ServerId} changed from version {From} to {To}", serverId, from, target);
    }

    /// <summary>Who asked for the change: the actor of its request line, so the closing line names them too.</summary>
    private async Task<string> RequesterAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServerHistory.Where(e => e.ServerId == serverId && e.Kind == HistoryKind.Version)
            .OrderByDescending(e => e.Id).Select(e => e.Actor).FirstOrDefaultAsync(ct) ?? HistoryActors.Platform;
    }

    private async Task<string?> StopGameAsync(HostedServer server, CancellationToken ct)
    {
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        var deadline = time.GetUtcNow() + StopTimeout;
        var asked = false;
        while (true)
        {
            var status = await agents.GetStatusAsync(server.IpAddress!, credential, ct)
                ?? throw new TransientRuntimeException($"The agent at {server.IpAddress} did not answer.");
            if (status.State is "stopped" or "crashed" or "error")
            {
                return "Game stopped.";
            }

            if (!asked || time.GetUtcNow() > deadline)
            {
                if (asked)
                {
                    throw new TransientRuntimeException("The game did not stop in time.");
                }

                asked = await agents.PowerAsync(server.IpAddress!, credential, "stop", ct);
            }

            await Task.Delay(options.Value.PollInterval, ct);
        }
    }

    private async Task<string?> InstallAsync(HostedServer server, Template template, string target, CancellationToken ct)
    {
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        if (await agents.GetStatusAsync(server.IpAddress!, credential, ct) is { State: "installing" })
        {
            return "New version already being installed.";
        }

        try
        {
            // Only the version: the agent keeps every other setting and the files, and installs the game again over them.
            var answer = await agents.ConfigureAsync(server.IpAddress!, credential, new { version = target }, ct);
            if ((int)answer is < 200 or > 299)
            {
                throw new TransientRuntimeException($"The agent refused the new version ({(int)answer}).");
            }
        }
        catch (HttpRequestException e)
        {
            throw new TransientRuntimeException($"The agent could not be reached: {e.Message}");
        }

        return $"Installing {template.Name} {target}; the world is kept.";
    }
}
