using System.Diagnostics;
using System.Net.Http.Json;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// B8: live status for 1,000 servers on two nodes. The portal's way (one <c>/cluster/resources</c> read per interval,
/// as RuntimeStatusMonitor does) against a naive loop of one <c>status/current</c> per server, in the same run, with the
/// same client. The simulator runs as its own process, so the CPU figures are the portal side's alone.
/// </summary>
public static class StatusPollingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        const int intervals = 20;
        await using var sim = await SimulatorProcess.StartAsync("--StartAgents=false", "--AgentAddressBlock=127.67.0.0/16");
        var half = servers / 2;
        var placed = new List<(string Node, int Vmid)>();
        foreach (var (node, first) in new[] { ("pve1", 1000), ("pve2", 1000 + half + 10) })
        {
            using var seeded = await sim.Control.PostAsJsonAsync("seed", new { node, count = half, firstVmid = first, running = true });
            seeded.EnsureSuccessStatusCode();
            placed.AddRange(Enumerable.Range(first, half).Select(vmid => (node, vmid)));
        }

        using var http = new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions));
        var client = new ProxmoxClient(http, sim.ClientOptions);
        var warm = await client.Cluster.ResourcesAsync("vm");
        if (!warm.IsSuccess || warm.Data!.Count < servers)
        {
            Console.Error.WriteLine($"status-polling: the cluster listed {warm.Data?.Count ?? 0} guests: {warm.Error}");
            return 1;
        }

        var (portalCalls, portalWall, portalCpu) = await MeasureAsync(intervals, async () =>
        {
            var result = await client.Cluster.ResourcesAsync("vm");
            return result.IsSuccess ? 1 : throw new InvalidOperationException(result.Error?.ToString());
        });

        const int naiveIntervals = 2;
        var (naiveCalls, naiveWall, naiveCpu) = await MeasureAsync(naiveIntervals, async () =>
        {
            var calls = 0;
            await Parallel.ForEachAsync(placed, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (guest, ct) =>
            {
                var status = await client.Nodes[guest.Node].Lxc[guest.Vmid].Status.Current.GetAsync(ct);
                Interlocked.Increment(ref calls);
                if (!status.IsSuccess)
                {
                    throw new InvalidOperationException(status.Error?.ToString());
                }
            });
            return calls;
        });

        Console.WriteLine($"status-polling ({servers} servers on 2 nodes):");
        Console.WriteLine($"  one cluster read per interval: {portalCalls / (double)intervals:0} call(s)/interval, {portalWall / intervals:0.0} ms wall, {portalCpu / intervals:0.0} ms CPU per interval");
        Console.WriteLine($"  naive per-server loop:         {naiveCalls / (double)naiveIntervals:0} calls/interval, {naiveWall / naiveIntervals:0.0} ms wall, {naiveCpu / naiveIntervals:0.0} ms CPU per interval");
        Console.WriteLine($"  calls ratio {naiveCalls / (double)naiveIntervals / (portalCalls / (double)intervals):0}x; CPU ratio {naiveCpu / naiveIntervals / (portalCpu / intervals):0.0}x");
        return portalCalls == intervals ? 0 : 1;
    }

    private static async Task<(int Calls, double WallMs, double CpuMs)> MeasureAsync(int intervals, Func<Task<int>> interval)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var calls = 0;
        for (var i = 0; i < intervals; i++)
        {
            calls += await interval();
        }

        wall.Stop();
        process.Refresh();
        return (calls, wall.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }
}
