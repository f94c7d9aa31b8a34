using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Consoles;

namespace ZlhPortal.Benchmarks.Consoles;

/// <summary>
/// B4 by the method in performance.md: a 10 KB asset from a dev server's IDE, straight from the IDE port and through
/// the portal's IDE host (<c>{id}.ide.localhost</c>: host routing, IDE cookie, YARP) on the portal's port and on the
/// IDE gateway's own listener (<c>Ides:Listen</c>), on the same simulated IDE in the same run. Load comes from Debian's <c>wrk -t1 -c32</c> (saturation) and <c>hey -q</c> (half load) pinned to core 0;
/// run.sh pins this process (portal and simulator) to core 1, so both paths get the same CPU. A bare
/// <c>IHttpForwarder</c> app on its own Kestrel is measured alongside as the anchor for what forwarding alone costs.
/// Blocks alternate between the paths so drift on a shared machine hits them alike.
/// </summary>
public static class IdeAssetBenchmark
{
    private const int AssetBytes = 10 * 1024;
    private const string AssetPath = "/api/files/content?path=static/bundle.js";
    private const int GeneratorCore = 0;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        await DebianTools.EnsureAsync("/usr/bin/wrk", "wrk");
        await DebianTools.EnsureAsync("/usr/bin/hey", "hey");

        var data = Directory.CreateTempSubdirectory("zlh-bench-ide-").FullName;
        await using var portal = new BenchPortal(data);
        var baseUri = portal.Start();
        var server = await portal.CreateServerAsync(template: 250, ServerKind.Dev,
            new { vmid = BenchPortal.Vmid, container_type = "dev", runtime = "node", version = "22" });
        await using var bare = await BareForwarder.StartAsync($"http://{server.Address}:8080", server.Credential);

        var ideHost = $"{server.ServerId}.ide.localhost:{baseUri.Port}";
        var gateway = portal.Services.GetRequiredService<IdeGateway>().Address!;
        string cookie;
        using (var enter = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false }))
        {
            var ticket = await portal.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.ServerId, null, false, TicketPurpose.Ide);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{baseUri.Port}{IdeProxy.EnterPath}")
            {
                Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("ticket", ticket.Token)]),
            };
            request.Headers.Host = ideHost;
            request.Headers.Add("Origin", $"http://{ideHost}");
            using var response = await enter.SendAsync(request);
            cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        var arms = new Dictionary<string, Target>
        {
            ["direct"] = new($"http://{server.Address}:8080{AssetPath}", null, $"Authorization: Bearer {server.Credential}"),
            ["portal"] = new($"http://127.0.0.1:{baseUri.Port}{AssetPath}", ideHost, $"Cookie: {cookie}"),
            ["bare"] = new($"{bare.Urls.First()}{AssetPath}", null, null),
            ["gateway"] = new($"http://127.0.0.1:{gateway.Port}{AssetPath}", $"{server.ServerId}.ide.localhost:{gateway.Port}", $"Cookie: {cookie}"),
        };

        using (var setup = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            setup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Credential);
            (await setup.PutAsync(arms["direct"].Url, new StringContent(new string('x', AssetBytes - 1) + "\n"))).EnsureSuccessStatusCode();
        }

        var cpus = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim();
        Console.WriteLine($"ide-asset: GET of a {AssetBytes / 1024} KB asset; wrk -t1 -c{connections} and hey on core {GeneratorCore}, portal and simulator on "
            + $"{Environment.ProcessorCount} core(s) (CPUs {cpus}); blocks of {seconds} s, {rounds} rounds");
        foreach (var (name, target) in arms)
        {
            var check = await WrkAsync(target, connections, 1);
            if (check.Errors > 0 || check.RequestsPerSecond <= 0)
            {
                throw new InvalidOperationException($"{name}: {check.Errors} failed requests in the check run.");
            }
        }

        // Warm-up: with one busy core the runtime's background JIT takes about a minute to bring the hot paths to their
        // final tier (measured: the proxied rate roughly triples over the first 60 s), so each path runs until it has
        // had a minute and two blocks in a row agree within 10 %, or two and a half minutes at most.
        foreach (var (name, target) in arms)
        {
            var trace = new List<double>();
            var warming = Stopwatch.StartNew();
            while (warming.Elapsed < TimeSpan.FromSeconds(150)
                && (warming.Elapsed < TimeSpan.FromSeconds(60) || trace.Count < 2 || Math.Abs(trace[^1] / trace[^2] - 1) > 0.10))
            {
                trace.Add((await WrkAsync(target, connections, seconds)).RequestsPerSecond);
            }

            Console.WriteLine($"  warm-up {name}: {string.Join(" ", trace.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} req/s");
        }

        var saturation = arms.Keys.ToDictionary(k => k, _ => new List<WrkFigures>());
        for (var i = 0; i < rounds; i++)
        {
            foreach (var (name, target) in arms)
            {
                saturation[name].Add(await WrkAsync(target, connections, seconds));
            }
        }

        double Rps(string arm) => Median(saturation[arm].Select(f => f.RequestsPerSecond));
        var ratio = Median(Enumerable.Range(0, rounds).Select(i => saturation["portal"][i].RequestsPerSecond / saturation["direct"][i].RequestsPerSecond));
        var bareRatio = Median(Enumerable.Range(0, rounds).Select(i => saturation["bare"][i].RequestsPerSecond / saturation["direct"][i].RequestsPerSecond));
        double VersusBare(string arm) => Median(Enumerable.Range(0, rounds).Select(i => saturation[arm][i].RequestsPerSecond / saturation["bare"][i].RequestsPerSecond));
        Console.WriteLine($"  saturation (wrk, median of {rounds} rounds):");
        foreach (var (name, runs) in saturation)
        {
            Console.WriteLine($"    {name,-7} {Rps(name),7:0} req/s (range {runs.Min(r => r.RequestsPerSecond):0}–{runs.Max(r => r.RequestsPerSecond):0}), "
                + $"p50 {Median(runs.Select(r => r.P50Microseconds)):0} µs, non-2xx/errors {runs.Sum(r => r.Errors)}");
        }

        // Half load: the same rate on both paths, half of what the proxied path sustains (at half of the direct path's
        // capacity the proxied path would be saturated whenever it reaches less than 0.5× direct).
        const int workers = 8;
        var rate = Rps("portal") / 2;
        var perWorker = Math.Max(1, (int)Math.Round(rate / workers));
        var half = new Dictionary<string, List<HeyFigures>> { ["direct"] = [], ["portal"] = [], ["gateway"] = [] };
        for (var i = 0; i < rounds; i++)
        {
            foreach (var name in half.Keys)
            {
                half[name].Add(await HeyAsync(arms[name], workers, perWorker, seconds));
            }
        }

        var added50 = Median(Enumerable.Range(0, rounds).Select(i => half["portal"][i].P50Microseconds - half["direct"][i].P50Microseconds));
        var added99 = Median(Enumerable.Range(0, rounds).Select(i => half["portal"][i].P99Microseconds - half["direct"][i].P99Microseconds));
        var gatewayAdded50 = Median(Enumerable.Range(0, rounds).Select(i => half["gateway"][i].P50Microseconds - half["direct"][i].P50Microseconds));
        Console.WriteLine($"  half load (hey -c {workers} -q {perWorker}: {perWorker * workers} req/s asked, half the proxied saturation):");
        foreach (var (name, runs) in half)
        {
            Console.WriteLine($"    {name,-7} {Median(runs.Select(r => r.RequestsPerSecond)),7:0} req/s, p50 {Median(runs.Select(r => r.P50Microseconds)):0} µs, "
                + $"p99 {Median(runs.Select(r => r.P99Microseconds)):0} µs, non-2xx {runs.Sum(r => r.Non2xx)}");
        }

        var non2xx = saturation.Values.Sum(r => r.Sum(f => f.Errors)) + half.Values.Sum(r => r.Sum(f => f.Non2xx));
        var results = new List<(string Target, string Figure, bool Pass)>
        {
            ("saturated req/s portal ≥ 0.4× direct", $"{ratio:0.00}× ({Rps("portal"):0} vs {Rps("direct"):0}; bare YARP {bareRatio:0.00}×)", ratio >= 0.4),
            ("half load: added p50 ≤ 1 ms", $"{added50:0} µs", added50 <= 1000),
            ("half load: added p99 ≤ 5 ms", $"{added99:0} µs", added99 <= 5000),
            ("saturated req/s IDE gateway ≥ 0.9× bare YARP", $"{VersusBare("gateway"):0.00}× ({Rps("gateway"):0} vs {Rps("bare"):0}; portal port {VersusBare("portal"):0.00}×)",
                VersusBare("gateway") >= 0.9),
            ("half load: IDE gateway added p50 ≤ 1 ms", $"{gatewayAdded50:0} µs", gatewayAdded50 <= 1000),
            ("zero non-2xx", $"{non2xx}", non2xx == 0),
        };
        Console.WriteLine();
        Console.WriteLine($"B4 summary (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        foreach (var (target, figure, pass) in results)
        {
            Console.WriteLine($"  {target,-46} {figure,-56} {(pass ? "PASS" : "FAIL")}");
        }

        var file = Path.Combine(Repository.ResultsDirectory, "b4-ide-asset.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            seconds, connections, rounds, saturation, half, results = results.Select(r => new { r.Target, r.Figure, r.Pass }),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"  written to {file}");
        return results.All(r => r.Pass) ? 0 : 1;
    }

    private sealed record Target(string Url, string? Host, string? Header);

    private sealed record WrkFigures(double RequestsPerSecond, double P50Microseconds, long Errors);

    private sealed record HeyFigures(double RequestsPerSecond, double P50Microseconds, double P99Microseconds, long Non2xx);

    private static async Task<WrkFigures> WrkAsync(Target target, int connections, int seconds)
    {
        var arguments = new List<string> { "-c", $"{GeneratorCore}", "wrk", "-t1", $"-c{connections}", $"-d{seconds}s", "--latency" };
        var output = await GenerateAsync(arguments, target, ["-H", $"Host: {target.Host}"]);

        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var p50 = WrkDuration(Regex.Match(output, @"^\s+50%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value);
        var errors = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { Success: true } socket)
        {
            errors += Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture));
        }

        return new WrkFigures(rps, p50, errors);
    }

    /// <summary>Runs a load generator (its taskset arguments so far) against <paramref name="target"/>; returns what it printed.</summary>
    private static async Task<string> GenerateAsync(List<string> arguments, Target target, string[] hostArguments)
    {
        if (target.Host is not null)
        {
            arguments.AddRange(hostArguments);
        }

        if (target.Header is not null)
        {
            arguments.AddRange(["-H", target.Header]);
        }

        arguments.Add(target.Url);
        var (exit, output, error) = await ChildProcess.RunAsync("taskset", arguments);
        return exit == 0 ? output : throw new InvalidOperationException($"{arguments[2]} failed: {error}");
    }

    /// <summary>wrk prints durations as 123.45us, 1.23ms or 1.02s.</summary>
    private static double WrkDuration(string text)
    {
        var match = Regex.Match(text, @"^([\d.]+)(us|ms|s)$");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value, "ms" => value * 1000, _ => value * 1_000_000 };
    }

    private static async Task<HeyFigures> HeyAsync(Target target, int workers, int perWorker, int seconds)
    {
        var arguments = new List<string> { "-c", $"{GeneratorCore}", "hey", "-z", $"{seconds}s", "-c", $"{workers}", "-q", $"{perWorker}" };
        var output = await GenerateAsync(arguments, target, ["-host", target.Host!]);

        double Seconds(string pattern) => double.Parse(Regex.Match(output, pattern, RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        var rps = Seconds(@"Requests/sec:\s+([\d.]+)");
        var statuses = Regex.Matches(output, @"\[(\d{3})\]\s+(\d+) responses");
        var non2xx = statuses.Where(s => !s.Groups[1].Value.StartsWith('2')).Sum(s => long.Parse(s.Groups[2].Value, CultureInfo.InvariantCulture));
        non2xx += Regex.Matches(output, @"^\s+\[(\d+)\]\s+Get ", RegexOptions.Multiline).Sum(e => long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture));
        return new HeyFigures(rps, Seconds(@"^\s+50% in ([\d.]+) secs") * 1_000_000, Seconds(@"^\s+99% in ([\d.]+) secs") * 1_000_000, non2xx);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return Percentiles.Of(sorted, 50);
    }
}
