using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>
/// The agent credential travels only to the agent, with the portal's first <c>POST /config</c>; the container's Proxmox
/// description (readable with <c>VM.Audit</c> and in every backup) names it by fingerprint only.
/// </summary>
public sealed class AgentCredentialTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<string> CredentialOfAsync(int serverId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var protectedCredential = await db.Servers.Where(s => s.Id == serverId).Select(s => s.AgentCredentialProtected).SingleAsync();
        return factory.Services.GetRequiredService<AgentCredentials>().Reveal(protectedCredential);
    }

    private async Task<string> DescriptionAsync(ServerView server) =>
        (await factory.Services.GetRequiredService<ProxmoxClient>().Nodes[server.Node!].Lxc[server.Vmid!.Value].Config.GetAsync()).GetDataOrThrow().Description!;

    private static string FingerprintOf(string credential) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)))[..16];

    private async Task<HttpClient> AgentAsync(ServerView server, string bearer)
    {
        var simulator = await Servers.SimulatorAsync(factory);
        var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://{server.IpAddress}:{simulator.Options.AgentPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return agent;
    }

    private async Task<string?> StateSeenByThePortalAsync(int serverId)
    {
        var monitor = factory.Services.GetRequiredService<AgentStatusMonitor>();
        using var watch = await monitor.WatchAsync(serverId);
        return monitor.Get(serverId)?.Status?.State;
    }

    [Fact]
    public async Task The_container_description_names_the_server_and_the_credential_fingerprint_but_never_the_credential()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "No Secrets"), ServerStatus.Running);
        var credential = await CredentialOfAsync(server.Id);

        var description = await DescriptionAsync(server);

        Assert.DoesNotContain(credential, description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"zlh-agent-credential: {FingerprintOf(credential)}", description, StringComparison.Ordinal);
        Assert.Equal(server.Id, ContainerFacts.ServerIdIn(description));
        Assert.Equal("running", await StateSeenByThePortalAsync(server.Id));
    }

    [Fact]
    public async Task Nothing_in_the_description_lets_its_reader_into_the_agent_while_the_portal_keeps_managing_the_server()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Held Tight"), ServerStatus.Running);
        // What someone with VM.Audit, or a copy of a backup, would try: every value the description holds.
        var guesses = (await DescriptionAsync(server)).Split('\n').Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .Where(value => value.Length > 0).Append("any-other-bearer").ToList();

        var refusals = new List<HttpStatusCode>();
        foreach (var guess in guesses)
        {
            using var intruder = await AgentAsync(server, guess);
            using var status = await intruder.GetAsync("status");
            using var takeOver = await intruder.PostAsJsonAsync("config", new { container_type = "game", game = "minecraft", variant = "vanilla", version = "1.20.1" });
            refusals.AddRange([status.StatusCode, takeOver.StatusCode]);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var restart = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Restart);
        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped, ServerStatus.Failed);

        Assert.All(refusals, refusal => Assert.Equal(HttpStatusCode.Unauthorized, refusal));
        Assert.True(restart.Accepted, restart.Message);
        Assert.Equal(ServerStatus.Running, after.Status);
        // The restart finishes once the game is starting; the portal reads it through to running.
        await Eventually.UntilAsync(() => StateSeenByThePortalAsync(server.Id), state => state == "running", what: "the game running again");
    }

    [Fact]
    public async Task A_reinstall_reuses_the_container_and_its_credential_and_keeps_the_description_free_of_it()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var before = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Start Over"), ServerStatus.Running);
        var credential = await CredentialOfAsync(before.Id);
        await using var scope = factory.Services.CreateAsyncScope();

        var reinstall = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().ReinstallAsync(before.Id, ownerId);
        var after = await Servers.WaitForAsync(factory, before.Id, ServerStatus.Running, ServerStatus.Stopped);
        using var agent = await AgentAsync(after, credential);
        using var status = await agent.GetAsync("status");

        Assert.True(reinstall.Accepted, reinstall.Message);
        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.Equal(before.Vmid, after.Vmid);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.DoesNotContain(credential, await DescriptionAsync(after), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Adopting_a_container_the_portal_set_up_takes_over_the_credential_its_agent_holds()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var lost = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Lost Record"), ServerStatus.Running);
        var credential = await CredentialOfAsync(lost.Id);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // The record was deleted while its container was left running: the container is an orphan.
            await db.Servers.Where(s => s.Id == lost.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ServerStatus.Deleted));
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>()
            .AdoptAsync(lost.Node!, lost.Vmid!.Value, new AdoptionTarget(null, owner, "game-small", "minecraft-paper", "Found Again"), admin);

        Assert.True(result.Done, result.Message);
        Assert.Equal(credential, await CredentialOfAsync(result.ServerId!.Value));
        Assert.Equal("running", await StateSeenByThePortalAsync(result.ServerId.Value));
        var description = await DescriptionAsync(await Servers.GetAsync(factory, result.ServerId.Value));
        Assert.Equal(result.ServerId, ContainerFacts.ServerIdIn(description));
        Assert.DoesNotContain(credential, description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(FingerprintOf(credential), description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_whose_agent_holds_a_credential_no_server_has_is_not_adopted()
    {
        var admin = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Admin"));
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var proxmox = factory.Services.GetRequiredService<ProxmoxClient>();
        var clone = (await proxmox.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(1097) { Hostname = "stranger", Full = true })).GetDataOrThrow();
        Assert.True((await proxmox.WaitForTaskAsync(clone, TimeSpan.FromSeconds(30))).IsSuccess);
        Assert.True((await proxmox.Nodes["pve1"].Lxc[1097].Config.SetAsync(new LxcConfigUpdate
        {
            Tags = "zlh;zlh-portal;game", Description = "ZeroLagHub server 999\nzlh-server-id: 999\nzlh-agent-credential: sha256:0123456789abcdef",
        })).IsSuccess);
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ReconcilerDecisions>()
            .AdoptAsync("pve1", 1097, new AdoptionTarget(null, owner, "game-small", "minecraft-paper", "Unreachable"), admin);

        Assert.False(result.Done);
        Assert.Contains("sha256:0123456789abcdef", result.Message, StringComparison.Ordinal);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Servers.AnyAsync(s => s.Name == "Unreachable"));
    }
}
