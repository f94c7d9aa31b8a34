using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// 500 console WebSockets held open on one simulated agent: the simulator's memory per open socket
/// (working set and managed heap, measured inside the simulator process after a full GC).
/// </summary>
public static class ConsoleSocketsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sockets = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 500;
        await using var sim = await SimulatorProcess.StartAsync("--AgentAddressBlock=127.64.0.0/16", "--InstallDuration=00:00:00.200",
            "--ProcessStartDuration=00:00:00.200", "--ConsoleTickInterval=01:00:00");
        var client = new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions)), sim.ClientOptions);
        await client.WaitForTaskAsync((await client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(1000) { Hostname = "console-bench" })).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        await client.WaitForTaskAsync((await client.Nodes["pve1"].Lxc[1000].Status.Start.CreateAsync()).GetDataOrThrow(), TimeSpan.FromSeconds(30));
        var address = (await client.Nodes["pve1"].Lxc[1000].Interfaces.GetAsync()).GetDataOrThrow().Single(i => i.Name == "eth0").IPv4Address;

        using var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{address}:18888/") };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-credential");
        (await agent.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" })).EnsureSuccessStatusCode();
        while ((await agent.GetFromJsonAsync<JsonElement>("status")).GetProperty("state").GetString() != "running")
        {
            await Task.Delay(20);
        }

        var before = await sim.FiguresAsync(collect: true);
        var open = new List<ClientWebSocket>(sockets);
        var buffer = new byte[4096];
        var uri = new Uri($"ws://{address}:18888/console/stream");
        for (var i = 0; i < sockets; i++)
        {
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer bench-credential");
            await socket.ConnectAsync(uri, CancellationToken.None);
            await socket.ReceiveAsync(buffer, CancellationToken.None);
            open.Add(socket);
        }

        var inventory = await sim.Control.GetFromJsonAsync<JsonElement>("inventory");
        var subscribers = inventory.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("vmid").GetInt32() == 1000)
            .GetProperty("agent").GetProperty("consoleClients").GetInt32();
        var after = await sim.FiguresAsync(collect: true);

        Console.WriteLine($"console-sockets: {sockets} open console WebSockets on one agent ({subscribers} subscribed on the server)");
        Console.WriteLine($"  simulator before: {Percentiles.Mb(before.WorkingSetBytes)} RSS / {Percentiles.Mb(before.ManagedHeapBytes)} heap");
        Console.WriteLine($"  simulator after : {Percentiles.Mb(after.WorkingSetBytes)} RSS / {Percentiles.Mb(after.ManagedHeapBytes)} heap");
        Console.WriteLine($"  per socket: {(after.WorkingSetBytes - before.WorkingSetBytes) / (double)sockets / 1024:0.0} KiB RSS, "
            + $"{(after.ManagedHeapBytes - before.ManagedHeapBytes) / (double)sockets / 1024:0.0} KiB managed heap");

        foreach (var socket in open)
        {
            socket.Abort();
            socket.Dispose();
        }

        return subscribers == sockets ? 0 : 1;
    }
}
