using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>A server of the benchmark portal: its row, owner, agent address and agent credential.</summary>
internal sealed record BenchServer(int ServerId, string OwnerId, string Address, string Credential);

/// <summary>
/// The portal in this process on Kestrel, with the embedded simulator, a fresh data folder and quiet logs.
/// </summary>
internal sealed class BenchPortal(string dataDirectory) : WebApplicationFactory<Program>
{
    /// <summary>The container every scenario makes (one per portal).</summary>
    public const int Vmid = 1000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public Uri Start()
    {
        // This project is not a test project, so the testing manifest that names the portal's content root is absent.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ZLHPORTAL_WEB", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
        UseKestrel(0);
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1"));
    }

    /// <summary>Clones <paramref name="template"/> into CT <see cref="Vmid"/>, configures its agent and records it as a running server.</summary>
    public async Task<BenchServer> CreateServerAsync(int template, ServerKind kind, object config)
    {
        var simulator = await Services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        var options = Services.GetRequiredService<IOptions<ProxmoxOptions>>().Value;
        var proxmox = new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(options)), options);
        var node = proxmox.Nodes["pve1"];
        await proxmox.WaitForTaskAsync((await node.Lxc[template].CloneAsync(new LxcCloneRequest(Vmid) { Hostname = "bench" })).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        await proxmox.WaitForTaskAsync((await node.Lxc[Vmid].Status.Start.CreateAsync()).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        var address = simulator.GetAgentAddress(Vmid)!;

        var credentials = Services.GetRequiredService<AgentCredentials>();
        var protectedCredential = credentials.NewProtected();
        var credential = credentials.Reveal(protectedCredential);
        using var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{address}:18888/") };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        (await agent.PostAsJsonAsync("config", config)).EnsureSuccessStatusCode();
        while ((await agent.GetFromJsonAsync<JsonElement>("status")).GetProperty("state").GetString() != "running")
        {
            await Task.Delay(PollInterval);
        }

        await using var scope = Services.CreateAsyncScope();
        var email = "bench@example.test";
        var created = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().CreateAsync(email, "", "Customer", "Bench-Passw0rd-123", "bench");
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(created.Message);
        }

        var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var server = new HostedServer
        {
            OwnerId = owner.Id, Name = "bench", Kind = kind, PlanId = 1, TemplateId = 1, Status = ServerStatus.Running,
            Node = "pve1", Vmid = Vmid, IpAddress = address, AgentCredentialProtected = protectedCredential,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return new BenchServer(server.Id, owner.Id, address, credential);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production, as deployed (Development adds the exception page and per-request file checks for static assets);
        // plain HTTP on loopback, so no HTTPS requirement.
        builder.UseEnvironment("Production");
        builder.UseSetting("Portal:RequireHttps", "false");
        builder.UseSetting("Billing:Gateway", "Test");
        builder.UseSetting("Portal:DataDirectory", dataDirectory);
        builder.UseSetting("Portal:Admin:Email", "bench-admin@example.test");
        builder.UseSetting("Portal:Admin:Password", "Bench-Admin-Passw0rd");
        builder.UseSetting("Runtime:Simulator:StateFile", ":memory:");
        // The IDE gateway's own listener (B4 measures IDE traffic there and on the portal's port).
        builder.UseSetting("Ides:Listen", "http://127.0.0.1:0");
        builder.UseSetting("Runtime:Simulator:AgentAddressBlock", "127.61.0.0/16");
        builder.UseSetting("Runtime:Simulator:TaskDuration", "00:00:00");
        builder.UseSetting("Runtime:Simulator:InstallDuration", "00:00:00.100");
        builder.UseSetting("Runtime:Simulator:ProcessStartDuration", "00:00:00.100");
        // appsettings.json's Logging:LogLevel:Default (Information) outranks SetMinimumLevel; without this every
        // console closed at teardown prints a stack and buries the summary.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
