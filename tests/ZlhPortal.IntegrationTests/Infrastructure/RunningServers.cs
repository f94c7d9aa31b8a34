using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Simulator;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>A server row backed by a real simulated container whose agent is configured and running.</summary>
public sealed record RunningServer(int Id, int Vmid, string IpAddress, string AgentCredential, string OwnerId);

/// <summary>
/// Makes running servers without the provisioning engine (shared with the end-to-end tests, which link this file): clone and start a container in the portal's embedded
/// simulator, configure its agent with a fresh credential, and insert the matching <see cref="HostedServer"/>.
/// </summary>
public static class RunningServers
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private static int nextVmid = 1000;

    /// <summary>The simulator's Node.js dev template: its containers serve the web IDE next to the agent.</summary>
    public const int DevTemplate = 250;

    /// <summary>A running dev server (its IDE listening on the simulator's IDE port).</summary>
    public static Task<RunningServer> CreateDevAsync(IServiceProvider services, string ownerEmail) =>
        CreateAsync(services, ownerEmail, DevTemplate, ServerKind.Dev);

    /// <summary>Makes the container of <paramref name="vmid"/> as old as <paramref name="age"/> to the simulator, so its usage (rrddata) has that much history.</summary>
    public static async Task AgeAsync(IServiceProvider services, int vmid, TimeSpan age)
    {
        var simulator = await services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        var options = services.GetRequiredService<IOptions<ProxmoxOptions>>().Value;
        using var http = new HttpClient(ProxmoxClient.CreatePrimaryHandler(options));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"PVEAPIToken={simulator.ApiToken}");
        using var response = await http.PostAsJsonAsync(new Uri(simulator.ControlUrl, "age"), new { vmid, hours = age.TotalHours });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<RunningServer> CreateAsync(IServiceProvider services, string ownerEmail, int template = 200, ServerKind kind = ServerKind.Game)
    {
        var simulator = await services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        // Its own client on the real clock: tests that fake the portal's time must not stall the task waits.
        var options = services.GetRequiredService<IOptions<ProxmoxOptions>>().Value;
        var proxmox = new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(options)), options, TimeProvider.System);
        var vmid = Interlocked.Increment(ref nextVmid);
        var node = proxmox.Nodes["pve1"];
        await CompleteAsync(proxmox, await node.Lxc[template].CloneAsync(new LxcCloneRequest(vmid) { Hostname = $"ct-{vmid}" }));
        await CompleteAsync(proxmox, await node.Lxc[vmid].Status.Start.CreateAsync());
        var address = simulator.GetAgentAddress(vmid) ?? throw new InvalidOperationException($"CT {vmid} has no address.");

        var credentials = services.GetRequiredService<AgentCredentials>();
        var protectedCredential = credentials.NewProtected();
        var credential = credentials.Reveal(protectedCredential);
        using var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://{address}:{simulator.Options.AgentPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        object settings = kind == ServerKind.Dev
            ? new { vmid, container_type = "dev", runtime = "node", version = "22", memory_mb = 2048 }
            : new { vmid, game = "minecraft", variant = "paper", version = "1.21.4", memory_mb = 4096 };
        using (var config = await agent.PostAsJsonAsync("config", settings))
        {
            config.EnsureSuccessStatusCode();
        }

        await WaitUntilRunningAsync(agent);

        await using var scope = services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(ownerEmail)
            ?? throw new InvalidOperationException($"No account {ownerEmail}.");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var server = new HostedServer
        {
            OwnerId = owner.Id,
            Name = $"Server {vmid}",
            Kind = kind,
            PlanId = 1,
            TemplateId = 1,
            Status = ServerStatus.Running,
            Node = "pve1",
            Vmid = vmid,
            IpAddress = address,
            AgentCredentialProtected = protectedCredential,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return new RunningServer(server.Id, vmid, address, credential, owner.Id);
    }

    public static async Task SetStatusAsync(IServiceProvider services, int serverId, ServerStatus status)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Servers.Where(s => s.Id == serverId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, status));
    }

    private static async Task CompleteAsync(ProxmoxClient proxmox, ProxmoxResult<Upid> started)
    {
        Assert.True(started.IsSuccess, started.ToString());
        var done = await proxmox.WaitForTaskAsync(started.Data!, TimeSpan.FromSeconds(30));
        Assert.True(done.IsSuccess, done.ToString());
    }

    private static async Task WaitUntilRunningAsync(HttpClient agent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = await agent.GetFromJsonAsync<JsonElement>("status");
            if (status.GetProperty("state").GetString() == "running")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The agent did not reach 'running' (last: {status}).");
            }

            await Task.Delay(PollInterval);
        }
    }
}
