using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Consoles;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>
/// B3 (round trip): a console command and its answer, straight to the agent's <c>/console/stream</c> and through
/// the portal's <c>/servers/{id}/console</c>, in the same run on the same simulated agent. The agent answers
/// <c>say r123</c> with one line, so the figure is command-to-answer time, the same work on both paths. Only one
/// socket is open at a time: the agent sends every line to every console, and a second socket would find its
/// answers already waiting.
/// </summary>
public static class ConsoleEchoBenchmark
{
    private static int sequence;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var data = Directory.CreateTempSubdirectory("zlh-bench-console-").FullName;
        await using var portal = new BenchPortal(data);
        var baseUri = portal.Start();
        var (serverId, ownerId, address, credential) = await CreateServerAsync(portal.Services);

        var tickets = portal.Services.GetRequiredService<ConsoleTickets>();
        Task<ClientWebSocket> DirectAsync() => ConnectAsync(new Uri($"ws://{address}:18888/console/stream"), $"Bearer {credential}");
        Task<ClientWebSocket> ProxiedAsync() =>
            ConnectAsync(new Uri($"ws://{baseUri.Authority}/servers/{serverId}/console?ticket={tickets.Mint(ownerId, serverId, null, false).Token}"), null);

        // Interleaved blocks, so drift on a shared machine (GC, the other process) hits both paths alike.
        await RoundsAsync(DirectAsync, 200);
        await RoundsAsync(ProxiedAsync, 200);
        var directTimes = new List<double>();
        var proxiedTimes = new List<double>();
        for (var block = 0; block < 10; block++)
        {
            directTimes.AddRange(await RoundsAsync(DirectAsync, rounds / 10));
            proxiedTimes.AddRange(await RoundsAsync(ProxiedAsync, rounds / 10));
        }

        directTimes.Sort();
        proxiedTimes.Sort();
        Console.WriteLine($"console-echo: {rounds} rounds of 'say' and its answer, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Report("direct ", directTimes);
        Report("proxied", proxiedTimes);
        Console.WriteLine($"  added by the portal: p50 {Percentiles.Of(proxiedTimes, 50) - Percentiles.Of(directTimes, 50):0} µs, "
            + $"p99 {Percentiles.Of(proxiedTimes, 99) - Percentiles.Of(directTimes, 99):0} µs");
        return 0;
    }

    private static void Report(string name, List<double> sorted) =>
        Console.WriteLine($"  {name}: p50 {Percentiles.Of(sorted, 50):0} µs, p90 {Percentiles.Of(sorted, 90):0} µs, p99 {Percentiles.Of(sorted, 99):0} µs");

    private static async Task<ClientWebSocket> ConnectAsync(Uri uri, string? authorization)
    {
        var socket = new ClientWebSocket();
        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        await socket.ConnectAsync(uri, CancellationToken.None);
        // Past the replayed history: everything after this marker is an answer to this socket's commands.
        var marker = $"sync{Interlocked.Increment(ref sequence)}.";
        await socket.SendAsync(Encoding.UTF8.GetBytes($"say {marker}"), WebSocketMessageType.Text, true, CancellationToken.None);
        await ReadUntilAsync(socket, $"[Server] {marker}");
        return socket;
    }

    private static async Task<List<double>> RoundsAsync(Func<Task<ClientWebSocket>> connect, int rounds)
    {
        using var socket = await connect();
        var times = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            var marker = $"r{Interlocked.Increment(ref sequence)}.";
            var command = Encoding.UTF8.GetBytes($"say {marker}");
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(command, WebSocketMessageType.Text, true, CancellationToken.None);
            await ReadUntilAsync(socket, $"[Server] {marker}");
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return times;
    }

    private static async Task ReadUntilAsync(WebSocket socket, string text)
    {
        var buffer = new byte[8192];
        var message = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The console closed.");
            }

            message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage)
            {
                if (message.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                message.Clear();
            }
        }
    }

    private static async Task<(int ServerId, string OwnerId, string Address, string Credential)> CreateServerAsync(IServiceProvider services)
    {
        var simulator = await services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        var options = services.GetRequiredService<IOptions<ProxmoxOptions>>().Value;
        var proxmox = new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(options)), options);
        var node = proxmox.Nodes["pve1"];
        await proxmox.WaitForTaskAsync((await node.Lxc[200].CloneAsync(new LxcCloneRequest(1000) { Hostname = "echo-bench" })).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        await proxmox.WaitForTaskAsync((await node.Lxc[1000].Status.Start.CreateAsync()).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        var address = simulator.GetAgentAddress(1000)!;

        var credentials = services.GetRequiredService<AgentCredentials>();
        var protectedCredential = credentials.NewProtected();
        var credential = credentials.Reveal(protectedCredential);
        using var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{address}:18888/") };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        (await agent.PostAsJsonAsync("config", new { vmid = 1000, game = "minecraft", variant = "paper", version = "1.21.4" })).EnsureSuccessStatusCode();
        while ((await agent.GetFromJsonAsync<JsonElement>("status")).GetProperty("state").GetString() != "running")
        {
            await Task.Delay(20);
        }

        await using var scope = services.CreateAsyncScope();
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
            OwnerId = owner.Id, Name = "echo-bench", Kind = ServerKind.Game, PlanId = 1, TemplateId = 1, Status = ServerStatus.Running,
            Node = "pve1", Vmid = 1000, IpAddress = address, AgentCredentialProtected = protectedCredential,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return (server.Id, owner.Id, address, credential);
    }

    /// <summary>
    /// The portal in this process on Kestrel, with the embedded simulator, a fresh data folder and quiet logs.
    /// </summary>
    private sealed class BenchPortal(string dataDirectory) : WebApplicationFactory<Program>
    {
        public Uri Start()
        {
            // This project is not a test project, so the testing manifest that names the portal's content root is absent.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ZLHPORTAL_WEB", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
            UseKestrel(0);
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1"));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Portal:DataDirectory", dataDirectory);
            builder.UseSetting("Portal:Admin:Email", "bench-admin@example.test");
            builder.UseSetting("Portal:Admin:Password", "Bench-Admin-Passw0rd");
            builder.UseSetting("Runtime:Simulator:StateFile", ":memory:");
            builder.UseSetting("Runtime:Simulator:AgentAddressBlock", "127.61.0.0/16");
            builder.UseSetting("Runtime:Simulator:TaskDuration", "00:00:00");
            builder.UseSetting("Runtime:Simulator:InstallDuration", "00:00:00.100");
            builder.UseSetting("Runtime:Simulator:ProcessStartDuration", "00:00:00.100");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }
}
