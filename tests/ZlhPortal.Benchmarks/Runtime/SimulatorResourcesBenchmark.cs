using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// The simulator holding 2,000 containers on two nodes: latency of <c>GET /cluster/resources?type=vm</c>
/// (the one call the portal's status poller makes per interval) and the simulator's memory.
/// </summary>
public static class SimulatorResourcesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var containers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var requests = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
        await using var sim = await SimulatorProcess.StartAsync("--StartAgents=false", "--AgentAddressBlock=127.66.0.0/16");
        var empty = await sim.FiguresAsync(collect: true);
        foreach (var (node, first) in new[] { ("pve1", 1000), ("pve2", 1000 + containers / 2 + 10) })
        {
            using var seeded = await sim.Control.PostAsJsonAsync("seed", new { node, count = containers / 2, firstVmid = first, running = true });
            seeded.EnsureSuccessStatusCode();
        }

        var loaded = await sim.FiguresAsync(collect: true);
        using var http = new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "PVEAPIToken=root@pam!zlhportal=00000000-0000-0000-0000-000000000000");
        var url = sim.ApiUrl + "/cluster/resources?type=vm";

        var body = await http.GetByteArrayAsync(url);
        var count = JsonDocument.Parse(body).RootElement.GetProperty("data").GetArrayLength();
        for (var i = 0; i < 30; i++)
        {
            await http.GetByteArrayAsync(url);
        }

        var sequential = await MeasureAsync(http, url, requests, parallel: 1);
        var concurrent = await MeasureAsync(http, url, requests, parallel: 8);
        var after = await sim.FiguresAsync(collect: false);
        var afterGc = await sim.FiguresAsync(collect: true);

        Console.WriteLine($"sim-resources: {count} guests in /cluster/resources?type=vm, response {body.Length / 1024.0:0} KiB");
        Console.WriteLine($"  sequential  ({requests} req): p50 {sequential.P50:0.00} ms  p99 {sequential.P99:0.00} ms  ({sequential.Rps:0} req/s)");
        Console.WriteLine($"  8 in flight ({requests} req): p50 {concurrent.P50:0.00} ms  p99 {concurrent.P99:0.00} ms  ({concurrent.Rps:0} req/s)");
        Console.WriteLine($"  simulator memory: empty {Percentiles.Mb(empty.WorkingSetBytes)} RSS / {Percentiles.Mb(empty.ManagedHeapBytes)} heap;"
            + $" with {containers} containers {Percentiles.Mb(loaded.WorkingSetBytes)} RSS / {Percentiles.Mb(loaded.ManagedHeapBytes)} heap;"
            + $" after load {Percentiles.Mb(after.WorkingSetBytes)} RSS / {Percentiles.Mb(afterGc.ManagedHeapBytes)} heap after GC");
        Console.WriteLine($"  state cost: {(loaded.ManagedHeapBytes - empty.ManagedHeapBytes) / (double)containers / 1024:0.0} KiB managed heap per container");
        return count >= containers ? 0 : 1;
    }

    private static async Task<(double P50, double P99, double Rps)> MeasureAsync(HttpClient http, string url, int requests, int parallel)
    {
        var times = new double[requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
        }));
        total.Stop();
        Array.Sort(times);
        return (Percentiles.Of(times, 50), Percentiles.Of(times, 99), requests / total.Elapsed.TotalSeconds);
    }
}
