using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Proxmox;
using ZlhPortal.Simulator;
using ZlhPortal.Web.Features.Provisioning.Jobs;

namespace ZlhPortal.Benchmarks.Provisioning;

/// <summary>
/// Failover at benchmark scale, after the integration test FailoverTests: two portal processes share one PostgreSQL
/// database and one simulator over HTTP (as a real Proxmox; clones take 1 s); 20 paid orders land on both, then the first
/// instance is SIGKILLed while it holds servers' leases. Reports when the survivor took over each server the dead one
/// held, the time from the kill until every server is Running, and what the runtime holds afterwards: duplicates
/// (containers − servers) and containers no server owns. By default the lease and reconcile intervals are the
/// production defaults (60 s and 1 min); "fast" uses the integration test's 5 s and 2 s.
/// </summary>
public static class FailoverBenchmark
{
    private const string Customer = "failover@example.test";

    public static async Task<int> RunAsync(string[] args)
    {
        var orders = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20;
        var fast = args.Contains("fast");
        var lease = fast ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(60);
        var reconcile = fast ? TimeSpan.FromSeconds(2) : TimeSpan.FromMinutes(1);
        var data = Directory.CreateTempSubdirectory("zlh-failover-").FullName;
        await using var cluster = await PostgresCluster.StartAsync();
        var database = cluster.ConnectionString("zlh_failover");
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            ApiPort = 0, DnsPort = 0, AgentAddressBlock = "127.75.0.0/16", AuthFailureDelay = TimeSpan.Zero, ConsoleTickInterval = TimeSpan.FromHours(1),
            // Clones take a while, so the kill lands while several servers are mid-way.
            TaskDuration = TimeSpan.FromSeconds(1), InstallDuration = TimeSpan.FromMilliseconds(120), ProcessStartDuration = TimeSpan.FromMilliseconds(80),
        });

        Dictionary<string, string> Settings(string instance) => new()
        {
            ["Portal__DataDirectory"] = Directory.CreateDirectory(Path.Combine(data, instance)).FullName,
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = database,
            ["Runtime__Mode"] = "Proxmox",
            ["Runtime__Proxmox__BaseUrl"] = simulator.ProxmoxApiUrl.ToString(),
            ["Runtime__Proxmox__TokenId"] = simulator.ApiTokenId,
            ["Runtime__Proxmox__TokenSecret"] = simulator.ApiTokenSecret,
            ["Runtime__Proxmox__Fingerprint"] = simulator.CertificateFingerprint,
            ["Runtime__Dns__BaseUrl"] = simulator.DnsApiUrl.ToString(),
            ["Runtime__Dns__Token"] = simulator.DnsToken,
            ["Runtime__ManagementNetworks__0"] = simulator.Options.AgentAddressBlock,
            ["Provisioning__Status__ReconcileInterval"] = reconcile.ToString(),
            ["Leases__Duration"] = lease.ToString(),
            ["Portal__RateLimiting__Api__PermitLimit"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };

        using var first = await PortalInstance.StartAsync(Settings("a"));
        // The survivor has few workers, so the instance that dies holds most of the work when it does.
        using var second = await PortalInstance.StartAsync(new Dictionary<string, string>(Settings("b")) { ["Jobs__WorkerCount"] = "3" });
        await PortalInstance.RunCommandAsync(Settings("a"), "users", "create", "--email", Customer, "--role", "Customer");
        var token = (await PortalInstance.RunCommandAsync(Settings("a"), "tokens", "create", "--email", Customer, "--name", "failover")).TrimEnd().Split('\n')[^1].Trim();
        foreach (var portal in new[] { first, second })
        {
            portal.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Orders land on both instances, as behind a load balancer; either instance's workers take the jobs.
        var ordering = Stopwatch.StartNew();
        for (var i = 0; i < orders; i++)
        {
            var http = (i % 2 == 0 ? first : second).Http;
            var order = await http.PostAsJsonAsync("/api/v1/orders", new { plan = "game-small", template = "minecraft-paper", name = $"Failover {i:00}" });
            var body = await order.Content.ReadFromJsonAsync<JsonElement>();
            if (!order.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"order {i}: {body}");
            }

            var pay = await http.PostAsJsonAsync($"/api/v1/invoices/{body.GetProperty("invoice").GetProperty("id").GetInt32()}/pay", new { card = "4242 4242 4242 4242" });
            if (!pay.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"payment {i}: {await pay.Content.ReadAsStringAsync()}");
            }
        }

        // Kill the first instance as soon as it holds servers' leases (it is working on them).
        var held = new List<string>();
        while (held.Count == 0)
        {
            if (ordering.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("The first instance never took a server's lease.");
            }

            held = await QueryAsync(database, """SELECT "Key" FROM "Leases" WHERE "Key" LIKE @prefix AND "Owner" LIKE @owner AND "ExpiresAt" > @now""",
                r => r.GetString(0), ("prefix", ServerLocks.Prefix + "%"), ("owner", $"%/{first.Id}/%"), ("now", Timestamp(DateTimeOffset.UtcNow)));
            await Task.Delay(20);
        }

        var runningAtKill = (await StatusesAsync(database)).Count(s => s == "Running");
        await first.KillAsync();
        var sinceKill = Stopwatch.StartNew();
        var limit = lease + reconcile + TimeSpan.FromMinutes(3);
        List<string> statuses;
        // A lease of the dead instance is taken over when another instance's name replaces it (or it was taken and given back).
        var takenOver = new Dictionary<string, TimeSpan>();
        while (true)
        {
            var stillDead = await QueryAsync(database, """SELECT "Key" FROM "Leases" WHERE "Key" = ANY(@keys) AND "Owner" LIKE @owner""",
                r => r.GetString(0), ("keys", held.ToArray()), ("owner", $"%/{first.Id}/%"));
            foreach (var key in held.Except(stillDead).Where(k => !takenOver.ContainsKey(k)))
            {
                takenOver[key] = sinceKill.Elapsed;
            }

            statuses = await StatusesAsync(database);
            if (statuses.Count == orders && statuses.All(s => s is "Running" or "Failed") || sinceKill.Elapsed > limit)
            {
                break;
            }

            await Task.Delay(100);
        }

        var recovered = sinceKill.Elapsed;
        var servers = await QueryAsync(database, """SELECT "Id", "Vmid" FROM "Servers" """, r => (Id: r.GetInt32(0), Vmid: r.IsDBNull(1) ? (int?)null : r.GetInt32(1)));
        var proxmoxOptions = new ProxmoxOptions
        {
            BaseUrl = simulator.ProxmoxApiUrl.ToString(), TokenId = simulator.ApiTokenId, TokenSecret = simulator.ApiTokenSecret, Fingerprint = simulator.CertificateFingerprint,
        };
        var proxmox = new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(proxmoxOptions)), proxmoxOptions);
        var containers = (await proxmox.Cluster.ResourcesAsync("vm")).Data!.Where(g => g.Type == "lxc" && !g.Template).ToList();
        var unowned = containers.Count(c => servers.All(s => s.Vmid != c.Vmid));
        var refunds = (await QueryAsync(database, """SELECT count(*) FROM "CreditEntries" """, r => r.GetInt64(0)))[0];
        var failedPayments = (await QueryAsync(database, """SELECT count(*) FROM "Payments" WHERE "Status" <> 'Succeeded'""", r => r.GetInt64(0)))[0];

        var running = statuses.Count(s => s == "Running");
        Console.WriteLine($"failover: {orders} paid orders on two portal processes (PostgreSQL, simulator over HTTP, clone 1 s); Leases:Duration {lease.TotalSeconds:0} s," +
            $" reconcile every {reconcile.TotalSeconds:0} s{(fast ? " (fast: the integration test's timings)" : " (production defaults)")}");
        Console.WriteLine($"  killed the first instance (SIGKILL) holding {held.Count} server lease(s) while {runningAtKill}/{orders} servers were running");
        Console.WriteLine($"  its servers taken over by the survivor: {takenOver.Count}/{held.Count}, the first after {(takenOver.Count > 0 ? takenOver.Values.Min().TotalSeconds : double.NaN):0.0} s," +
            $" the last after {(takenOver.Count > 0 ? takenOver.Values.Max().TotalSeconds : double.NaN):0.0} s");
        Console.WriteLine($"  time to recover (kill → every server Running or Failed): {recovered.TotalSeconds:0.0} s = {recovered / lease:0.00}× the lease duration;" +
            $" {running} Running, {statuses.Count(s => s == "Failed")} Failed, {orders - statuses.Count} missing");
        Console.WriteLine($"  runtime afterwards: {containers.Count} containers for {servers.Count} servers → duplicates {containers.Count - servers.Count}, containers no server owns {unowned}");
        Console.WriteLine($"  billing: {refunds} credit entries (refunds), {failedPayments} payments not succeeded");
        var ok = running == orders && containers.Count == servers.Count && unowned == 0 && refunds == 0 && failedPayments == 0;
        Console.WriteLine($"  every order running once, no duplicate, no refund: {(ok ? "yes" : "NO")}");
        if (!ok)
        {
            Console.WriteLine($"  survivor's last output:\n{second.Output}");
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        return ok ? 0 : 1;
    }

    private static long Timestamp(DateTimeOffset at) => (long)new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(at)!;

    private static Task<List<string>> StatusesAsync(string database) =>
        QueryAsync(database, """SELECT "Status" FROM "Servers" """, r => r.GetString(0));

    private static async Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
