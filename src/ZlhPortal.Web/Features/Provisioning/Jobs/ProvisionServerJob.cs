using System.Globalization;
using System.Net;
using Hangfire;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Drives a server from Provisioning to Running through its steps. The state lives in the database; every step
/// checks what already exists before acting, so the job can be run again after a crash, a retry or a restart.
/// </summary>
public sealed class ProvisionServerJob(
    ServerStore store, ServerPlacement placement, RuntimeCalls runtime, CloneQueue clones, AgentClient agents, AgentCredentials credentials,
    ServerPublishing publishing, PlanCatalog catalog, ServerCleanup cleanup, ServerLocks locks, ManagementNetworks networks, IOptions<ProvisioningOptions> options, TimeProvider time,
    ProvisioningMetrics metrics, ILogger<ProvisionServerJob> logger)
{
    private ProvisioningOptions Settings => options.Value;

    public const string DeadlineReason =
        "Setting up your server took far longer than it should, so we stopped trying and removed what was made. Our team has been told.";

    private ProxmoxClient Proxmox => runtime.Proxmox;

    // Transient failures are retried by the queue, quickly at first; the reconciler resumes anything left behind.
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [2, 5, 15, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(int serverId, CancellationToken ct)
    {
        // A retry and a reconciler resume may meet; one run per server at a time in this process.
        await using var lease = await locks.EnterAsync(serverId, ct);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
        ct = work.Token;
        var server = await store.LoadAsync(serverId, ct);
        if (server is null || server.Status != ServerStatus.Provisioning)
        {
            return;
        }

        var started = server.OperationStartedAt ?? server.CreatedAt;
        if (time.GetUtcNow() - started > Settings.Deadline)
        {
            var current = ServerSteps.Setup.FirstOrDefault(step => server.Steps.FirstOrDefault(s => s.Step == step)?.State != StepState.Succeeded, ServerSteps.Setup[^1]);
            logger.LogWarning("Server {ServerId} passed its provisioning deadline at {Step}", serverId, current);
            await cleanup.FailAsync(serverId, current, DeadlineReason, $"Setup started {started:u} did not finish within {Settings.Deadline} (provisioning deadline).", ct);
            return;
        }

        var plan = (await catalog.GetPlanAsync(server.PlanId, ct))!;
        var template = (await catalog.GetTemplateAsync(server.TemplateId, ct))!;
        // Deleted (forced by an admin) meanwhile: create nothing more; the delete removes what exists.
        var result = await StepSequence.RunAsync(store, server, ServerSteps.Setup, s => s.Status == ServerStatus.Provisioning,
            step => RunStepAsync(step, serverId, plan, template, ct), ct);
        if (result.Failure is { } failure)
        {
            logger.LogWarning("Server {ServerId} failed at {Step}: {Detail}", serverId, result.FailedStep, failure.Message);
            await cleanup.FailAsync(serverId, result.FailedStep!.Value, failure.CustomerReason, failure.Message, ct);
            return;
        }

        if (!result.Completed)
        {
            return;
        }

        await store.FinishOperationAsync(serverId, ServerStatus.Running, ct);
        metrics.Provisioned(time.GetUtcNow() - (server.OperationStartedAt ?? server.CreatedAt));
        logger.LogInformation("Server {ServerId} is running", serverId);
    }

    /// <summary>Runs one step on its own (reinstall re-runs the later steps); <paramref name="reinstall"/> delivers the settings again.</summary>
    public async Task<string?> RunStepAsync(ProvisioningStep step, int serverId, bool reinstall, CancellationToken ct)
    {
        var server = (await store.LoadAsync(serverId, ct))!;
        var plan = (await catalog.GetPlanAsync(server.PlanId, ct))!;
        var template = (await catalog.GetTemplateAsync(server.TemplateId, ct))!;
        return await RunStepAsync(step, serverId, plan, template, ct, reinstall);
    }

    private async Task<string?> RunStepAsync(ProvisioningStep step, int serverId, Plan plan, Template template, CancellationToken ct, bool reinstall = false)
    {
        var server = (await store.LoadAsync(serverId, ct))!;
        return step switch
        {
            ProvisioningStep.ReserveVmid => await ReserveAsync(serverId, ct),
            ProvisioningStep.Clone => await CloneAsync(server, template, ct),
            ProvisioningStep.Configure => await ConfigureAsync(server, plan, ct),
            ProvisioningStep.Start => await StartAsync(server, ct),
            ProvisioningStep.WaitForAgent => await WaitForAgentAsync(server, ct),
            ProvisioningStep.PushConfig => await PushConfigAsync(server, plan, template, reinstall, ct),
            ProvisioningStep.WaitForRuntime => await WaitForRuntimeAsync(server, ct),
            ProvisioningStep.Publish => await publishing.PublishAsync(server, template, ct),
            ProvisioningStep.RegisterDns => await publishing.RegisterDnsAsync(server, template, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
    }

    private async Task<string> ReserveAsync(int serverId, CancellationToken ct)
    {
        var placed = await placement.PlaceAsync(serverId, ct);
        if (placed.Problem is not null)
        {
            throw new ProvisioningException(placed.Problem + " You have not been charged for it.", placed.Problem);
        }

        return $"Server slot {placed.Vmid} on {placed.Node}.";
    }

    private async Task<string> CloneAsync(HostedServer server, Template template, CancellationToken ct)
    {
        if (await ExistingOwnerAsync(server, ct) is { } owner)
        {
            if (owner == server.Id)
            {
                return "Container already created.";
            }

            // Someone else holds this VMID (made by hand, or another portal): never touch it, take another.
            await store.UpdateAsync(server.Id, s => s.Vmid = null, ct);
            await store.StepWaitingAsync(server.Id, ProvisioningStep.ReserveVmid, $"Slot {server.Vmid} turned out to be in use; picking another.", ct);
            throw new TransientRuntimeException($"VMID {server.Vmid} is already used by another guest.");
        }

        await using (await clones.EnterAsync(template.ProxmoxVmid, ct))
        {
            var request = new LxcCloneRequest(server.Vmid!.Value)
            {
                Hostname = ContainerFacts.Hostname(server),
                Description = Description(server),
                Full = true,
                Target = server.Node == template.ProxmoxNode ? null : server.Node,
                Storage = server.Node == template.ProxmoxNode ? null : Settings.SharedStorage,
            };
            try
            {
                await runtime.RunTaskAsync($"clone template {template.ProxmoxVmid} to {server.Vmid}",
                    c => Proxmox.Nodes[template.ProxmoxNode].Lxc[template.ProxmoxVmid].CloneAsync(request, c),
                    c => TaskTraces.CloneAsync(runtime, server, template, c), ct);
            }
            catch (ProvisioningException)
            {
                if (await ExistingOwnerAsync(server, ct) is not { } existing || existing == server.Id)
                {
                    throw;
                }

                await store.UpdateAsync(server.Id, s => s.Vmid = null, ct);
                await store.StepWaitingAsync(server.Id, ProvisioningStep.ReserveVmid, $"Slot {server.Vmid} was taken meanwhile; picking another.", ct);
                throw new TransientRuntimeException($"VMID {server.Vmid} was created by someone else meanwhile.");
            }
            catch (TaskFailedException e)
            {
                // A failed clone can leave a half-made container behind; remove it so the next attempt starts clean.
                await cleanup.DestroyContainerAsync(server.Node!, server.Vmid.Value, server.Id, ct);
                throw new TransientRuntimeException(e.Message);
            }
        }

        return $"Cloned from {template.Name} template.";
    }

    private async Task<string> ConfigureAsync(HostedServer server, Plan plan, CancellationToken ct)
    {
        var lxc = Proxmox.Nodes[server.Node!].Lxc[server.Vmid!.Value];
        var update = new LxcConfigUpdate
        {
            Cores = plan.Cores,
            Memory = plan.MemoryMb,
            Swap = 512,
            Hostname = ContainerFacts.Hostname(server),
            Description = Description(server),
            Tags = $"zlh;{Settings.InstanceTag};{server.Kind.ToString().ToLowerInvariant()}",
            OnBoot = true,
            Networks = new Dictionary<int, string> { [0] = $"name=eth0,bridge={Settings.Bridge},ip=dhcp" },
        };
        var set = await runtime.CallAsync("configure container", c => lxc.Config.SetAsync(update, c), ct);
        if (!set.IsSuccess)
        {
            throw RuntimeCalls.Permanent("configure container", set.Error);
        }

        var config = await runtime.CallAsync("read container config", c => lxc.Config.GetAsync(c), ct);
        if (ContainerFacts.RootfsSizeGb(config.Data?.RootFs) is { } size && size >= plan.DiskGb)
        {
            return $"{plan.Cores} cores, {plan.MemoryMb} MB memory, {size} GB disk.";
        }

        await runtime.RunTaskAsync("grow the disk", c => lxc.ResizeAsync("rootfs", $"{plan.DiskGb}G", c), ct);
        return $"{plan.Cores} cores, {plan.MemoryMb} MB memory, {plan.DiskGb} GB disk.";
    }

    private async Task<string> StartAsync(HostedServer server, CancellationToken ct)
    {
        var lxc = Proxmox.Nodes[server.Node!].Lxc[server.Vmid!.Value];
        var status = await runtime.CallAsync("read container status", c => lxc.Status.Current.GetAsync(c), ct);
        if (status.Data?.Status == "running")
        {
            return "Container already running.";
        }

        await runtime.RunTaskAsync("start container", c => lxc.Status.Start.CreateAsync(c),
            c => TaskTraces.StartAsync(runtime, server.Node!, lxc.Vmid, c), ct);
        return "Container started.";
    }

    private async Task<string> WaitForAgentAsync(HostedServer server, CancellationToken ct)
    {
        var lxc = Proxmox.Nodes[server.Node!].Lxc[server.Vmid!.Value];
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        var deadline = time.GetUtcNow() + Settings.AgentTimeout;
        var address = server.IpAddress;
        while (true)
        {
            if (address is null)
            {
                var interfaces = await runtime.CallAsync("read container addresses", c => lxc.Interfaces.GetAsync(c), ct);
                address = interfaces.Data?.FirstOrDefault(i => i.Name == "eth0" && i.IPv4Address is not null)?.IPv4Address
                    ?? interfaces.Data?.FirstOrDefault(i => i.Name != "lo" && i.IPv4Address is not null)?.IPv4Address;
                if (address is not null && !networks.Allows(address))
                {
                    // Customers are root in their container: an address outside the management networks may point at the
                    // portal's own infrastructure. Never stored, never connected to.
                    throw new ProvisioningException("Your server's network could not be set up. Our team has been told.",
                        $"The container reported the address {address}, outside Runtime:ManagementNetworks; refused.");
                }

                if (address is not null)
                {
                    var found = address;
                    await store.UpdateAsync(server.Id, s => s.IpAddress = found, ct);
                }
            }

            if (address is not null && await agents.AnswersAsync(address, credential, ct))
            {
                return $"Agent answering at {address}.";
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new ProvisioningException("Your server started but did not report in. Our team has been told.",
                    address is null ? "The container got no IPv4 address." : $"The agent at {address} did not answer within {Settings.AgentTimeout}.");
            }

            await Task.Delay(Settings.PollInterval, ct);
        }
    }

    private async Task<string> PushConfigAsync(HostedServer server, Plan plan, Template template, bool reinstall, CancellationToken ct)
    {
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        var status = await agents.GetStatusAsync(server.IpAddress!, credential, ct);
        // A reinstall delivers the settings again even to a running agent (that is what makes it reinstall);
        // an install already under way is this step's own earlier attempt.
        if (status is { State: "installing" } || (!reinstall && status is { State: "starting" or "running" }))
        {
            return "Settings already delivered.";
        }

        var version = server.GameVersion ?? template.DefaultVersion;
        object settings = server.Kind == ServerKind.Game
            ? new
            {
                vmid = server.Vmid,
                container_type = "game",
                game = template.Game,
                variant = template.Variant,
                version,
                world = "world",
                // What the server list shows players (Minecraft's description); an agent that does not know it ignores it.
                server_name = server.Name,
                ports = new[] { template.GamePort },
                memory_mb = plan.MemoryMb,
                reinstall,
            }
            : new
            {
                vmid = server.Vmid,
                container_type = "dev",
                runtime = template.Game,
                version,
                memory_mb = plan.MemoryMb,
                reinstall,
            };
        try
        {
            var answer = await agents.ConfigureAsync(server.IpAddress!, credential, settings, ct);
            if (answer == HttpStatusCode.Unauthorized)
            {
                // The agent keeps the first credential it is given; it was given another, so it can never be this server's.
                throw new ProvisioningException("Your server could not be set up safely. Our team has been told.",
                    $"The agent at {server.IpAddress} refused this server's credential: it was configured with another one first.");
            }

            if ((int)answer is < 200 or > 299)
            {
                throw new TransientRuntimeException($"The agent refused the settings ({(int)answer}).");
            }
        }
        catch (HttpRequestException e)
        {
            throw new TransientRuntimeException($"The agent could not be reached: {e.Message}");
        }

        return $"Installing {template.Name} {version}.";
    }

    private async Task<string> WaitForRuntimeAsync(HostedServer server, CancellationToken ct)
    {
        var credential = credentials.Reveal(server.AgentCredentialProtected);
        var deadline = time.GetUtcNow() + Settings.RuntimeTimeout;
        string? lastStep = null;
        while (true)
        {
            var status = await agents.GetStatusAsync(server.IpAddress!, credential, ct);
            if (status?.IsRunning == true)
            {
                return server.Kind == ServerKind.Game ? "Game server running." : "Dev environment running.";
            }

            if (status?.IsFailed == true)
            {
                throw new ProvisioningException("The game could not be installed on your server. Our team has been told.",
                    $"Agent reported {status.State}: {status.Error}");
            }

            if (status?.InstallStep is { } installStep && installStep != lastStep)
            {
                lastStep = installStep;
                await store.UpdateAsync(server.Id, s => s.Steps.First(x => x.Step == ProvisioningStep.WaitForRuntime).Message = ServerStore.Truncate(installStep), ct);
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new ProvisioningException("Installing the game took far too long. Our team has been told.",
                    $"The runtime was not running after {Settings.RuntimeTimeout} (last state {status?.State ?? "unreachable"}).");
            }

            await Task.Delay(Settings.PollInterval, ct);
        }
    }

    /// <summary>The Proxmox owner of the VMID: this server's id, another id, -1 for a guest that is not ours, or null when there is none.</summary>
    private async Task<int?> ExistingOwnerAsync(HostedServer server, CancellationToken ct)
    {
        var config = await runtime.CallAsync("read container config", c => Proxmox.Nodes[server.Node!].Lxc[server.Vmid!.Value].Config.GetAsync(c), ct);
        if (config.Error?.Kind == ProxmoxErrorKind.NotFound)
        {
            // The config may live on another node (placed elsewhere by hand): ask the cluster.
            var guests = await runtime.CallAsync("list cluster guests", c => Proxmox.Cluster.ResourcesAsync("vm", c), ct);
            return guests.Data?.Any(g => g.Vmid == server.Vmid) == true ? -1 : null;
        }

        if (!config.IsSuccess)
        {
            throw RuntimeCalls.Permanent("read container config", config.Error);
        }

        return ContainerFacts.ServerIdIn(config.Data?.Description) ?? -1;
    }

    /// <summary>The container description naming its server, this portal and the fingerprint of the agent credential.</summary>
    public string Description(HostedServer server) =>
        ContainerFacts.Description(server, Settings.InstanceTag, credentials.Fingerprint(server.AgentCredentialProtected));
}
