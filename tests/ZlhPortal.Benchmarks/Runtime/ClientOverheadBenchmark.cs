using System.Diagnostics;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// 1,000 <c>status/current</c> calls through <see cref="ProxmoxClient"/> against the same calls through a raw
/// <see cref="HttpClient"/> (same handler, same connection settings, body read as bytes), interleaved in
/// rounds so drift hits both arms. The simulator runs in its own process, so allocations are the client's.
/// </summary>
public static class ClientOverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        await using var sim = await SimulatorProcess.StartAsync("--StartAgents=false", "--AgentAddressBlock=127.65.0.0/16");
        var setup = new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions)), sim.ClientOptions);
        var clone = (await setup.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(1000) { Hostname = "bench" })).GetDataOrThrow();
        await setup.WaitForTaskAsync(clone, TimeSpan.FromSeconds(30));
        var start = (await setup.Nodes["pve1"].Lxc[1000].Status.Start.CreateAsync()).GetDataOrThrow();
        await setup.WaitForTaskAsync(start, TimeSpan.FromSeconds(30));

        using var clientHttp = new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions));
        var client = new ProxmoxClient(clientHttp, sim.ClientOptions);
        using var raw = new HttpClient(ProxmoxClient.CreatePrimaryHandler(sim.ClientOptions));
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "PVEAPIToken=root@pam!zlhportal=00000000-0000-0000-0000-000000000000");
        var url = sim.ApiUrl + "/nodes/pve1/lxc/1000/status/current";

        async Task ClientCall() => (await client.Nodes["pve1"].Lxc[1000].Status.Current.GetAsync()).GetDataOrThrow();
        async Task RawCall() => await raw.GetByteArrayAsync(url);

        for (var i = 0; i < 100; i++)
        {
            await ClientCall();
            await RawCall();
        }

        const int rounds = 10;
        var perRound = calls / rounds;
        var clientTime = TimeSpan.Zero;
        var rawTime = TimeSpan.Zero;
        long clientBytes = 0, rawBytes = 0;
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which arm goes first so warm-up and drift within a round favour neither.
            var clientFirst = round % 2 == 0;
            var first = await MeasureAsync(clientFirst ? ClientCall : RawCall, perRound);
            var second = await MeasureAsync(clientFirst ? RawCall : ClientCall, perRound);
            var (c, r) = clientFirst ? (first, second) : (second, first);
            clientTime += c.Time;
            clientBytes += c.Bytes;
            rawTime += r.Time;
            rawBytes += r.Bytes;
        }

        var total = perRound * rounds;
        var ratio = clientTime / rawTime;
        Console.WriteLine($"client-overhead: {total} status/current calls per arm, {rounds} interleaved rounds");
        Console.WriteLine($"  ProxmoxClient : {clientTime.TotalMilliseconds / total:0.000} ms/call, {clientBytes / total / 1024.0:0.0} KiB allocated/call");
        Console.WriteLine($"  raw HttpClient: {rawTime.TotalMilliseconds / total:0.000} ms/call, {rawBytes / total / 1024.0:0.0} KiB allocated/call");
        Console.WriteLine($"  time ratio {ratio:0.000} (target <= 1.2)");
        return ratio <= 1.2 ? 0 : 1;
    }

    private static async Task<(TimeSpan Time, long Bytes)> MeasureAsync(Func<Task> call, int count)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await call();
        }

        watch.Stop();
        return (watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}
