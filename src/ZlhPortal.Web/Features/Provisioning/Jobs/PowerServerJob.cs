using Hangfire;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>Starts, stops (gracefully, then hard after a timeout), restarts or kills a server's container.</summary>
public sealed class PowerServerJob(
    ServerStore store, RuntimeCalls runtime, AgentClient agents, AgentCredentials credentials, ServerLocks locks, ServerPublishing publishing, PlanCatalog catalog,
    IOptions<ProvisioningOptions> options, TimeProvider time, ILogger<PowerServerJob> logger)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [2, 5, 15, 30, 60], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, PowerAction action, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Node is null || server.Vmid is null || server.Operation == ServerOperation.None)
        {
            return;
        }

        var lxc = runtime.Proxmox.Nodes[server.Node].Lxc[server.Vmid.Value];
        var status = ServerStatus.Stopped;
        var stoppedForRestart = false;
        try
        {
            switch (action)
            {
                case PowerAction.Start:
                    await StartAsync(server, lxc, ct);
                    await RepublishAsync(server, ct);
                    status = ServerStatus.Running;
                    break;
                case PowerAction.Stop:
                    await StopAsync(server, lxc, graceful: true, ct);
                    break;
                case PowerAction.Restart:
                    await StopAsync(server, lxc, graceful: true, ct);
                    stoppedForRestart = true;
                    await StartAsync(server, lxc, ct);
                    status = ServerStatus.Running;
                    break;
                case PowerAction.Kill:
                    await StopAsync(server, lxc, graceful: false, ct);
                    break;
            }
        }
        catch (Exception e) when (e is ProvisioningException or TaskFailedException or TransientRuntimeException)
        {
            // The runtime has answered (or stayed silent through RuntimeCalls' own retries): this request is over. The
            // customer is told and may ask again; a queue retry minutes later would act on a request they gave up on.
            logger.LogWarning("{Action} of server {ServerId} failed: {Detail}", action, serverId, e.Message);
            await store.ActionFailedAsync(serverId, stoppedForRestart ? ServerStatus.Stopped : server.Status, CustomerReason(action, e), e.Message, ct);
            return;
        }

        await store.UpdateAsync(serverId, s =>
        {
            if (s.Status == ServerStatus.Deleting)
            {
                // Force-deleted while this ran: the delete owns the server now.
                return;
            }

            s.Status = status;
            s.Operation = ServerOperation.None;
            s.OperationStartedAt = null;
            s.LastActionError = null;
        }, ct);
    }

    /// <summary>What the customer reads when a power action fails: what did not happen, why in a few words, what to do.</summary>
    public static string CustomerReason(PowerAction action, Exception failure)
    {
        var what = action switch
        {
            PowerAction.Start => "started",
            PowerAction.Restart => "restarted",
            _ => "stopped",
        };
        var why = failure switch
        {
            TaskFailedException task => $"the host refused ({task.Error.ExitStatus ?? task.Error.Message})",
            ProvisioningException => "the host refused the request",
            _ => "the host did not respond in time",
        };
        return $"The server could not be {what}: {why}. Try again; if it keeps failing, contact support.";
    }

    /// <summary>Stops the server and leaves it Suspended.</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [2, 5, 15, 30, 60], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task SuspendAsync(int serverId, CancellationToken ct)
    {
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Operation != ServerOperation.Suspend)
        {
            return;
        }

        if (server.Node is not null && server.Vmid is not null)
        {
            await StopAsync(server, runtime.Proxmox.Nodes[server.Node].Lxc[server.Vmid.Value], graceful: true, ct);
        }

        // Players are no longer routed to it; it keeps its port, so it comes back at the same address.
        await publishing.UnpublishAsync(server, await catalog.GetTemplateAsync(server.TemplateId, ct), releasePort: false, ct);
        await store.FinishOperationAsync(serverId, ServerStatus.Suspended, ct);
    }

    /// <summary>A server that was closed at the edge (suspended) is opened again once it runs.</summary>
    private async Task RepublishAsync(HostedServer server, CancellationToken ct)
    {
        if (server.Published || server.Hostname is null || server.IpAddress is null
            || await catalog.GetTemplateAsync(server.TemplateId, ct) is not { GamePort: > 0 } template)
        {
            return;
        }

        await publishing.PublishAsync(server, template, ct);
    }

    private async Task StartAsync(HostedServer server, Proxmox.Api.LxcApi lxc, CancellationToken ct)
    {
        var current = await runtime.CallAsync("read container status", c => lxc.Status.Current.GetAsync(c), ct);
        if (current.Data?.Status != "running")
        {
            await runtime.RunTaskAsync("start container", c => lxc.Status.Start.CreateAsync(c),
                c => TaskTraces.StartAsync(runtime, server.Node!, lxc.Vmid, c), ct);
        }

        if (server.IpAddress is null)
        {
            return;
        }

        // The container is up; make sure the game or dev process inside it runs too.
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        var deadline = time.GetUtcNow() + options.Value.AgentTimeout;
        while (time.GetUtcNow() < deadline)
        {
            var status = await agents.GetStatusAsync(server.IpAddress, credential, ct);
            if (status?.IsRunning == true || status?.State is "starting" or "installing")
            {
                return;
            }

            if (status is not null && !await agents.PowerAsync(server.IpAddress, credential, "start", ct))
            {
                logger.LogInformation("Agent of server {ServerId} did not accept start yet", server.Id);
            }

            await Task.Delay(options.Value.PollInterval, ct);
        }

        throw new TransientRuntimeException("The server's agent did not come back after the start.");
    }

    private async Task StopAsync(HostedServer server, Proxmox.Api.LxcApi lxc, bool graceful, CancellationToken ct)
    {
        var current = await runtime.CallAsync("read container status", c => lxc.Status.Current.GetAsync(c), ct);
        if (current.Data?.Status == "stopped")
        {
            return;
        }

        if (graceful && server.IpAddress is not null)
        {
            // Let the game save its world before the container goes down.
            await agents.PowerAsync(server.IpAddress, credentials.Reveal(server.AgentCredentialProtected), "stop", ct);
            await runtime.RunTaskAsync("shut down container",
                c => lxc.Status.ShutdownAsync(options.Value.ShutdownTimeoutSeconds, forceStop: true, c), ct);
            return;
        }

        await runtime.RunTaskAsync("stop container", c => lxc.Status.Stop.CreateAsync(c), ct);
    }
}
