using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Benchmarks.Provisioning;

/// <summary>
/// B5: request → Running per server through the portal (EF Core on SQLite, Hangfire in-memory, the Proxmox client over
/// HTTPS, agent and DNS calls), against a harness making the same runtime calls directly, in the same run, on the same
/// simulator with task, install and start times of zero. Also Hangfire's pickup latency (enqueue → first step).
/// </summary>
public static class ProvisioningOverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var data = Directory.CreateTempSubdirectory("zlh-b5-").FullName;
        // The test host finds the portal's content root through this variable outside test projects.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ZLHPORTAL_WEB", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
        await using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Portal:DataDirectory"] = data,
                ["Runtime:Simulator:StateFile"] = ":memory:",
                ["Runtime:Simulator:AgentAddressBlock"] = "127.68.0.0/16",
                ["Runtime:Simulator:TaskDuration"] = "00:00:00",
                ["Runtime:Simulator:InstallDuration"] = "00:00:00",
                ["Runtime:Simulator:ProcessStartDuration"] = "00:00:00",
                ["Runtime:Simulator:NewGuestStatusDelay"] = "00:00:00",
                ["Provisioning:PollInterval"] = "00:00:00.010",
                ["Provisioning:GameVmidLast"] = "1099",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            })
            {
                web.UseSetting(key, value);
            }
        });
        var services = portal.Services;
        await using var scope = services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().CreateAsync("bench@example.test", "Bench", "Customer", "Bench-Passw0rd-1", null);
        var ownerId = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync("bench@example.test"))!.Id;
        var events = services.GetRequiredService<ServerEvents>();
        var simulator = await services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        var proxmox = services.GetRequiredService<ProxmoxClient>();

        var portalTimes = new List<double>();
        var pickups = new List<double>();
        for (var i = 0; i < count + 2; i++)
        {
            var running = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var firstStep = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = Stopwatch.StartNew();
            int? id = null;
            Task OnChanged(ServerChanged change)
            {
                if (change.ServerId == id)
                {
                    // Look outside the job's own path, so measuring does not slow what is measured.
                    _ = Task.Run(() => CheckAsync(change.ServerId));
                }

                return Task.CompletedTask;
            }

            async Task CheckAsync(int serverId)
            {
                await using var s = services.CreateAsyncScope();
                var view = await s.ServiceProvider.GetRequiredService<ServerDirectory>().FindAsync(serverId, null);
                if (view?.Steps.Any(x => x.State != StepState.Pending) == true)
                {
                    firstStep.TrySetResult(clock.Elapsed);
                }

                if (view?.Status == ServerStatus.Running)
                {
                    running.TrySetResult(clock.Elapsed);
                }
            }

            events.Changed += OnChanged;
            await using (var s = services.CreateAsyncScope())
            {
                var result = await s.ServiceProvider.GetRequiredService<ServerLifecycle>().CreateAsync(ownerId, "game-small", "minecraft-paper", $"B5 {i}", true);
                id = result.ServerId;
            }

            var elapsed = await running.Task.WaitAsync(TimeSpan.FromSeconds(60));
            events.Changed -= OnChanged;
            if (i >= 2)
            {
                portalTimes.Add(elapsed.TotalMilliseconds);
                pickups.Add((await firstStep.Task).TotalMilliseconds);
            }
        }

        var direct = new List<double>();
        using var agentHttp = new HttpClient();
        using var dnsHttp = new HttpClient { BaseAddress = simulator.DnsApiUrl };
        for (var i = 0; i < count + 2; i++)
        {
            var vmid = 1200 + i;
            var clock = Stopwatch.StartNew();
            await DirectSequenceAsync(proxmox, agentHttp, dnsHttp, simulator.DnsToken, vmid);
            if (i >= 2)
            {
                direct.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        double P(List<double> values, double q) => values.Order().ElementAt(Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1));
        Console.WriteLine($"provisioning-overhead ({count} servers each, simulator task/install/start time 0):");
        Console.WriteLine($"  portal (request → Running): p50 {P(portalTimes, 0.5):0} ms  p95 {P(portalTimes, 0.95):0} ms");
        Console.WriteLine($"  direct client sequence:     p50 {P(direct, 0.5):0} ms  p95 {P(direct, 0.95):0} ms");
        Console.WriteLine($"  portal overhead at p50: {P(portalTimes, 0.5) - P(direct, 0.5):+0;-0} ms (target <= +200 ms)");
        Console.WriteLine($"  Hangfire pickup (request → first step running): p50 {P(pickups, 0.5):0.0} ms  p95 {P(pickups, 0.95):0.0} ms");
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        return P(portalTimes, 0.5) - P(direct, 0.5) <= 200 ? 0 : 1;
    }

    /// <summary>The runtime calls of one provisioning, made directly: clone, configure, start, agent, settings, DNS.</summary>
    private static async Task DirectSequenceAsync(ProxmoxClient proxmox, HttpClient agentHttp, HttpClient dns, string dnsToken, int vmid)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var clone = await proxmox.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(vmid) { Hostname = $"direct-{vmid}", Full = true, Description = $"zlh-server-id: {vmid}" });
        await proxmox.WaitForTaskAsync(clone.Data!, timeout);
        var lxc = proxmox.Nodes["pve1"].Lxc[vmid];
        await lxc.Config.SetAsync(new LxcConfigUpdate { Cores = 2, Memory = 4096, Tags = "zlh", OnBoot = true, Networks = new Dictionary<int, string> { [0] = "name=eth0,bridge=vmbr0,ip=dhcp" } });
        await lxc.Config.GetAsync();
        var resize = await lxc.ResizeAsync("rootfs", "20G");
        await proxmox.WaitForTaskAsync(resize.Data!, timeout);
        var start = await lxc.Status.Start.CreateAsync();
        await proxmox.WaitForTaskAsync(start.Data!, timeout);
        var address = (await lxc.Interfaces.GetAsync()).Data!.First(i => i.Name == "eth0").IPv4Address!;
        var agent = new Uri($"http://{address}:18888/");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(agent, "health"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"direct{vmid}");
        // Up when it answers; until the first POST /config gives it a credential it answers 401, as the portal expects.
        using (var health = await agentHttp.SendAsync(request))
        {
            if (health.StatusCode != System.Net.HttpStatusCode.Unauthorized)
            {
                health.EnsureSuccessStatusCode();
            }
        }

        using var config = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, "config"))
        {
            Content = JsonContent.Create(new { vmid, container_type = "game", game = "minecraft", variant = "paper", version = "1.21.4", memory_mb = 4096 }),
        };
        config.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"direct{vmid}");
        (await agentHttp.SendAsync(config)).EnsureSuccessStatusCode();
        while (true)
        {
            using var status = new HttpRequestMessage(HttpMethod.Get, new Uri(agent, "status"));
            status.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"direct{vmid}");
            var body = await (await agentHttp.SendAsync(status)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            if (body.GetProperty("state").GetString() == "running")
            {
                break;
            }

            await Task.Delay(10);
        }

        await dns.GetStringAsync($"api/zones/records/add?token={dnsToken}&zone=servers.zerolaghub.local&domain=direct-{vmid}.servers.zerolaghub.local&type=A&ipAddress={address}");
        await dns.GetStringAsync($"api/zones/records/add?token={dnsToken}&zone=servers.zerolaghub.local&domain=_minecraft._tcp.direct-{vmid}.servers.zerolaghub.local&type=SRV&priority=0&weight=5&port=25565&target=direct-{vmid}.servers.zerolaghub.local");
    }
}
