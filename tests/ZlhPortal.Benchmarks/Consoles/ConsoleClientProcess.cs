using System.Globalization;
using ZlhPortal.Benchmarks.Runtime;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>
/// The console client of B3 in a process of its own, as a browser is: the portal's process then holds only the portal
/// (and the simulated agent), and the proxy arms compete with the client the same way nginx does, through the OS
/// scheduler rather than inside one thread pool. The client is fully optimised from its first round
/// (tiered compilation off), so every arm sees the same client.
/// <c>console-client rtt URL AUTH ROUNDS WARMUP</c> prints one round trip in µs per line;
/// <c>console-client bulk URL AUTH BYTES FRAME</c> prints "BYTES SECONDS DONE".
/// </summary>
internal static class ConsoleClientProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        var uri = new Uri(args[1]);
        var authorization = args[2] == "-" ? null : args[2];
        var count = long.Parse(args[3], CultureInfo.InvariantCulture);
        switch (args[0])
        {
            case "rtt":
                var warmup = int.Parse(args[4], CultureInfo.InvariantCulture);
                var times = await ConsoleEchoBenchmark.RoundsAsync(() => ConsoleEchoBenchmark.ConnectAsync(uri, authorization), (int)count + warmup);
                Console.Out.Write(string.Join('\n', times.Skip(warmup).Select(t => t.ToString("0.0", CultureInfo.InvariantCulture))));
                return 0;
            case "bulk":
                var frame = int.Parse(args[4], CultureInfo.InvariantCulture);
                using (var socket = await ConsoleEchoBenchmark.ConnectAsync(uri, authorization))
                {
                    await ConsoleB3Benchmark.FloodAsync(socket, 1 << 20, frame, TimeSpan.FromSeconds(30));
                    var (bytes, seconds, done) = await ConsoleB3Benchmark.FloodAsync(socket, count, frame, TimeSpan.FromSeconds(60));
                    Console.Out.Write(FormattableString.Invariant($"{bytes} {seconds} {done}"));
                    socket.Abort();
                }

                return 0;
            default:
                return 2;
        }
    }

    /// <summary>Runs <c>console-client</c> in a new process and returns what it printed.</summary>
    public static async Task<string> RunChildAsync(params string[] args)
    {
        var self = Environment.ProcessPath!;
        var arguments = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(ConsoleClientProcess).Assembly.Location] : new List<string>();
        arguments.Add("console-client");
        arguments.AddRange(args);
        var (exit, output, error) = await ChildProcess.RunAsync(self, arguments, new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" });
        return exit == 0 ? output : throw new InvalidOperationException($"console client {string.Join(' ', args.Take(2))} failed ({exit}): {error}");
    }
}
