using ZlhPortal.Benchmarks.Accounts;
using ZlhPortal.Benchmarks.Billing;
using ZlhPortal.Benchmarks.Circuits;
using ZlhPortal.Benchmarks.Consoles;
using ZlhPortal.Benchmarks.Provisioning;
using ZlhPortal.Benchmarks.Runtime;

namespace ZlhPortal.Benchmarks;

/// <summary>Load, latency and memory scenarios; run through run.sh (Release build), never part of the test gate.</summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        var scenarios = new Dictionary<string, (string Description, Func<string[], Task<int>> Run)>
        {
            ["circuits"] = ("B1: managed heap per Blazor circuit (dashboard vs counter page), release on close, start-to-ready time [pages]", CircuitMemoryBenchmark.RunAsync),
            ["interaction-latency"] = ("B2: click-to-DOM-update p95 on the server list with many circuits clicking, vs one circuit alone [pages=100] [seconds=45] [painted]", InteractionLatencyBenchmark.RunAsync),
            ["sim-resources"] = ("Simulator with many containers: /cluster/resources p50/p99 and memory [containers] [requests]", SimulatorResourcesBenchmark.RunAsync),
            ["client-overhead"] = ("Proxmox client vs raw HttpClient on status/current: time and allocations [calls]", ClientOverheadBenchmark.RunAsync),
            ["provisioning-overhead"] = ("B5: request to Running through the portal vs the same runtime calls made directly; Hangfire pickup [servers]", ProvisioningOverheadBenchmark.RunAsync),
            ["concurrent-orders"] = ("B6: 50 simultaneous requests on one template with injected errors and an outside lock [requests]", ConcurrentOrdersBenchmark.RunAsync),
            ["failover"] = ("Two portal processes on one PostgreSQL database, one SIGKILLed during 20 provisionings: time to recover, duplicates [orders=20] [fast]", FailoverBenchmark.RunAsync),
            ["sqlite-writers"] = ("B7: 16 concurrent writers on SQLite through EF Core vs raw ADO.NET, with readers", SqliteWritersBenchmark.RunAsync),
            ["status-polling"] = ("B8: live status for many servers: one cluster read per interval vs a per-server loop [servers]", StatusPollingBenchmark.RunAsync),
            ["console-sockets"] = ("Open console WebSockets on the simulator: memory per socket [sockets]", ConsoleSocketsBenchmark.RunAsync),
            ["ledger-writers"] = ("B7 on the credit ledger: 20 concurrent writers through CreditLedger vs raw lock + INSERT, PostgreSQL and SQLite, 0 lost [writes each=200] [postgresql,sqlite]", LedgerWritersBenchmark.RunAsync),
            ["renewal-run"] = ("B9: billing run over many due subscriptions on SQLite: time, peak memory, idempotent rerun [subscriptions]", RenewalRunBenchmark.RunAsync),
            ["console-echo"] = ("B3: console command round trip, direct to the agent vs through the portal's console proxy [rounds]", ConsoleEchoBenchmark.RunAsync),
            ["console-b3"] = ("B3 in full: console RTT direct/portal/nginx, 16 MB bulk, 20 ms RTT (user-space delay relay; no netem in this kernel), idle consoles [rounds] [idle seconds=300] [consoles=500]; root", ConsoleB3Benchmark.RunAsync),
            ["console-client"] = ("(used by console-b3) a console client in its own process: rtt URL AUTH ROUNDS WARMUP | bulk URL AUTH BYTES FRAME", ConsoleClientProcess.RunAsync),
            ["ide-asset"] = ("B4: 10 KB IDE asset, IDE port directly vs through the IDE host: req/s at saturation, latency at half load [block seconds] [connections] [rounds]", IdeAssetBenchmark.RunAsync),
            ["sign-in-timing"] = ("Login form: unknown address vs wrong password vs right password, POST time median/p90/p99 and same answer [rounds]", SignInTimingBenchmark.RunAsync),
        };

        if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario))
        {
            Console.WriteLine("usage: run.sh <scenario> [options]");
            foreach (var (name, (description, _)) in scenarios)
            {
                Console.WriteLine($"  {name,-18} {description}");
            }

            return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
        }

        return await scenario.Run(args[1..]);
    }
}
