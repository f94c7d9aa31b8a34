using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Simulator;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>Servers created through the real lifecycle, and views of the simulator behind the portal.</summary>
public static class Servers
{
    public static async Task<string> UserIdAsync(PortalAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    public static async Task<int> CreateAsync(PortalAppFactory factory, string ownerEmail, string plan = "game-small", string template = "minecraft-paper", string name = "My World")
    {
        var ownerId = await UserIdAsync(factory, ownerEmail);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().CreateAsync(ownerId, plan, template, name, complimentary: true);
        Assert.True(result.Accepted, result.Message);
        return result.ServerId!.Value;
    }

    public static async Task<ServerView> GetAsync(PortalAppFactory factory, int id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ServerDirectory>().FindAsync(id, null))!;
    }

    public static Task<ServerView> WaitForAsync(PortalAppFactory factory, int id, params ServerStatus[] statuses) =>
        Eventually.UntilAsync(() => GetAsync(factory, id), s => statuses.Contains(s.Status) && s.Operation == ServerOperation.None,
            what: $"server {id} in {string.Join("/", statuses)}");

    public static Task<SimulatorHost> SimulatorAsync(PortalAppFactory factory) =>
        factory.Services.GetRequiredService<EmbeddedSimulator>().GetAsync();

    /// <summary>Calls the simulator's control API (<c>/_sim/…</c>): faults, locks.</summary>
    public static async Task ControlAsync(PortalAppFactory factory, HttpMethod method, string path, object? body = null)
    {
        var simulator = await SimulatorAsync(factory);
        using var http = ControlClient(simulator);
        using var request = new HttpRequestMessage(method, new Uri(simulator.ControlUrl, path)) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The simulator's inventory (<c>/_sim/inventory</c>).</summary>
    public static async Task<JsonElement> InventoryAsync(PortalAppFactory factory)
    {
        var simulator = await SimulatorAsync(factory);
        using var http = ControlClient(simulator);
        return await http.GetFromJsonAsync<JsonElement>(new Uri(simulator.ControlUrl, "inventory"));
    }

    /// <summary>What the simulated agent of <paramref name="vmid"/> was asked (<c>/_sim/agent-requests</c>): method and path per request.</summary>
    public static async Task<IReadOnlyList<string>> AgentRequestsAsync(PortalAppFactory factory, int vmid)
    {
        var simulator = await SimulatorAsync(factory);
        using var http = ControlClient(simulator);
        var log = await http.GetFromJsonAsync<JsonElement>(new Uri(simulator.ControlUrl, $"agent-requests?vmid={vmid}"));
        return log.EnumerateArray().Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("path").GetString()}").ToList();
    }

    /// <summary>A client for the simulator's control API, pinned to its certificate and carrying its token.</summary>
    private static HttpClient ControlClient(SimulatorHost simulator)
    {
        var http = new HttpClient(ZlhPortal.Proxmox.ProxmoxClient.CreatePrimaryHandler(new ZlhPortal.Proxmox.ProxmoxOptions
        {
            BaseUrl = simulator.ProxmoxApiUrl.ToString(),
            Fingerprint = simulator.CertificateFingerprint,
        }));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"PVEAPIToken={simulator.ApiToken}");
        return http;
    }
}
