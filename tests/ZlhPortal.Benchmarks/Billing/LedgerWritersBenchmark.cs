using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZlhPortal.Benchmarks.Runtime;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Benchmarks.Billing;

/// <summary>
/// B7 on the credit ledger: 20 concurrent writers add admin adjustments through <see cref="CreditLedger.AdjustAsync"/> (the
/// transaction of <see cref="CreditLedger.BeginChangeAsync(AppDbContext, string, CancellationToken)"/>: a row lock on the
/// customer on PostgreSQL, BEGIN IMMEDIATE on SQLite), ten of them on one customer, five on a second and five on customers
/// of their own; every fourth write takes credit away, so the balance check under the lock is exercised too. Afterwards
/// each balance must equal the sum of the accepted writes (0 lost). Anchor in the same run, on the same tables: the same
/// number of raw ADO.NET transactions doing only the lock (SELECT … FOR UPDATE, or BEGIN IMMEDIATE) and the INSERT.
/// PostgreSQL runs on a throwaway cluster from tests/postgres.sh (fsync off, as for the tests); SQLite on the portal's file.
/// </summary>
public static class LedgerWritersBenchmark
{
    private const int Writers = 20;
    private const string AdminId = "b7-admin";
    private static readonly string[] Groups = ["10 writers on A", "5 on B", "5 alone"];

    private sealed record ArmResult(string Name, IReadOnlyList<double> Latencies, IReadOnlyDictionary<string, List<double>> ByGroup, int Errors, string? FirstError,
        int Refused, TimeSpan Wall, int Expected, int Found, bool BalancesMatch, double MachineBusyShare, double ProcessCpuShare)
    {
        public int Lost => Expected - Found;

        public double WritesPerSecond => Latencies.Count / Wall.TotalSeconds;

        public double P(double percentile) => Percentiles.Of(Latencies, percentile);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var writesEach = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var providers = args.Length > 1 ? args[1].Split(',') : ["postgresql", "sqlite"];
        var ok = true;
        Console.WriteLine($"ledger-writers (B7 on the credit ledger): {Writers} writers × {writesEach} writes; 10 writers on customer A, 5 on B, 5 alone; every 4th write is -150");
        if (providers.Contains("postgresql"))
        {
            await using var cluster = await PostgresCluster.StartAsync();
            var connectionString = cluster.ConnectionString("zlh_b7");
            ok &= await RunProviderAsync("PostgreSQL", writesEach, new Dictionary<string, string>
            {
                ["Database:Provider"] = "PostgreSql",
                ["Database:ConnectionString"] = connectionString,
            }, async (customerId, amount) =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = $1 FOR UPDATE";
                command.Parameters.Add(new NpgsqlParameter { Value = customerId });
                await command.ExecuteNonQueryAsync();
                await InsertAsync(command, customerId, amount, positional: true);
                await transaction.CommitAsync();
            });
        }

        if (providers.Contains("sqlite"))
        {
            var data = Directory.CreateTempSubdirectory("zlh-b7-sqlite-").FullName;
            var file = Path.Combine(data, "portal.db");
            ok &= await RunProviderAsync("SQLite", writesEach, new Dictionary<string, string> { ["Portal:DataDirectory"] = data }, async (customerId, amount) =>
            {
                await using var connection = new SqliteConnection($"Data Source={file}");
                await connection.OpenAsync();
                await using (var pragmas = connection.CreateCommand())
                {
                    // The portal's own pragmas (SqlitePragmaInterceptor, 10 s busy timeout).
                    pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
                    await pragmas.ExecuteNonQueryAsync();
                }

                await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE, as the ledger's transaction
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                await InsertAsync(command, customerId, amount, positional: false);
                await transaction.CommitAsync();
            });
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return ok ? 0 : 1;
    }

    private static readonly DateTimeOffsetToBinaryConverter Timestamps = new();

    /// <summary>The entry the ledger writes, with the column values the portal's model stores (kind as text, timestamps as the binary converter's number).</summary>
    private static async Task InsertAsync(DbCommand command, string customerId, long amount, bool positional)
    {
        command.Parameters.Clear();
        var names = Enumerable.Range(1, 4).Select(i => positional ? $"${i}" : $"$p{i}").ToArray();
        command.CommandText = "INSERT INTO \"CreditEntries\" (\"CustomerId\", \"AmountMinor\", \"Currency\", \"Kind\", \"Reason\", \"CreatedBy\", \"CreatedAt\") " +
            $"VALUES ({names[0]}, {names[1]}, 'EUR', 'Adjustment', {names[2]}, '{AdminId}', {names[3]})";
        object[] values = [customerId, amount, "B7 raw write", Timestamps.ConvertToProvider(DateTimeOffset.UtcNow)!];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.Value = values[i];
            if (!positional)
            {
                parameter.ParameterName = names[i];
            }

            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> RunProviderAsync(string name, int writesEach, IDictionary<string, string> settings, Func<string, long, Task> rawWrite)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ZLHPORTAL_WEB", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
        var data = settings.TryGetValue("Portal:DataDirectory", out var d) ? d : Directory.CreateTempSubdirectory("zlh-b7-").FullName;
        await using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Portal:DataDirectory", data);
            web.UseSetting("Runtime:Simulator:StateFile", ":memory:");
            web.UseSetting("Runtime:Simulator:AgentAddressBlock", "127.74.0.0/16");
            web.UseSetting("Billing:RunSchedule", "0 0 31 2 *"); // never: nothing else writes credit while this runs
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        // Starting the host applies the portal's migrations to the empty database.
        var services = portal.Services;
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        var portalArm = await RunWritersAsync("portal (CreditLedger.AdjustAsync)", "ef", writesEach, dbFactory, async (customerId, amount) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CreditLedger>().AdjustAsync(customerId, amount, "B7 ledger write", AdminId, CancellationToken.None);
        });
        var rawArm = await RunWritersAsync(name == "PostgreSQL" ? "raw Npgsql (FOR UPDATE + INSERT)" : "raw Microsoft.Data.Sqlite (IMMEDIATE + INSERT)", "raw", writesEach, dbFactory,
            async (customerId, amount) =>
            {
                await rawWrite(customerId, amount);
                return null;
            });

        Console.WriteLine($"  {name}:");
        foreach (var arm in new[] { portalArm, rawArm })
        {
            Console.WriteLine($"    {arm.Name,-46} p50 {arm.P(50),6:0.00} ms  p99 {arm.P(99),6:0.0} ms  max {arm.P(100),6:0} ms  {arm.WritesPerSecond,6:0} writes/s;" +
                $" {arm.Errors} errors, {arm.Refused} refused, {arm.Lost} lost ({arm.Found}/{arm.Expected} entries), balances {(arm.BalancesMatch ? "match" : "DO NOT match")}");
            Console.WriteLine("      " + string.Join("; ", arm.ByGroup.Select(g => $"{g.Key}: p50 {Percentiles.Of(g.Value, 50):0.00} ms, p99 {Percentiles.Of(g.Value, 99):0.0} ms")) +
                $"; CPU: this process {arm.ProcessCpuShare:P0} of a core ({arm.ProcessCpuShare * 1000 / arm.WritesPerSecond:0.00} ms per write), machine {arm.MachineBusyShare:P0} busy (2 cores, shared)");
            if (arm.FirstError is not null)
            {
                Console.WriteLine($"      first error: {arm.FirstError}");
            }
        }

        var met = portalArm.Errors == 0 && portalArm.Lost == 0 && portalArm.BalancesMatch && portalArm.Refused == 0 && portalArm.P(99) <= 50;
        Console.WriteLine($"    portal throughput {portalArm.WritesPerSecond / rawArm.WritesPerSecond:0.00}× raw, p99 {portalArm.P(99) / rawArm.P(99):0.0}× raw;" +
            $" 0 errors, 0 lost, balances match, p99 <= 50 ms (B7's target): {(met ? "met" : "NOT met")}");
        if (!settings.ContainsKey("Portal:DataDirectory"))
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return met;
    }

    /// <summary>
    /// Creates this arm's customers (prefix), runs the writers, then checks every customer's entries and balance against
    /// what the writers were told was written.
    /// </summary>
    private static async Task<ArmResult> RunWritersAsync(string name, string prefix, int writesEach, IDbContextFactory<AppDbContext> dbFactory,
        Func<string, long, Task<string?>> write)
    {
        // Writers 0-9 share customer A, 10-14 customer B, 15-19 have one each.
        string CustomerOf(int writer) => writer < 10 ? $"{prefix}-a" : writer < 15 ? $"{prefix}-b" : $"{prefix}-solo-{writer}";
        static string GroupOf(int writer) => Groups[writer < 10 ? 0 : writer < 15 ? 1 : 2];
        var customers = Enumerable.Range(0, Writers).Select(CustomerOf).Distinct().ToList();
        var warmUp = $"{prefix}-warm-up";
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Users.AddRange(customers.Append(warmUp).Select(id => new ApplicationUser
            {
                Id = id, UserName = $"{id}@example.test", NormalizedUserName = $"{id}@EXAMPLE.TEST".ToUpperInvariant(), Email = $"{id}@example.test",
                NormalizedEmail = $"{id}@EXAMPLE.TEST".ToUpperInvariant(), EmailConfirmed = true, DisplayName = id, CreatedAt = DateTimeOffset.UtcNow, SecurityStamp = Guid.NewGuid().ToString(),
            }));
            await db.SaveChangesAsync();
        }

        // First calls compile queries and fill connection pools; not what is measured.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => write(warmUp, 100))));

        var latencies = new ConcurrentBag<(string Group, double Milliseconds)>();
        var accepted = new ConcurrentDictionary<string, (int Count, long Sum)>();
        var errors = 0;
        var refused = 0;
        string? firstError = null;
        var cpu = CpuSample.Take();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var customerId = CustomerOf(writer);
            for (var i = 0; i < writesEach; i++)
            {
                var amount = i % 4 == 3 ? -150L : 100L + writer;
                var clock = Stopwatch.StartNew();
                try
                {
                    if (await write(customerId, amount) is { } refusal)
                    {
                        Interlocked.Increment(ref refused);
                        firstError ??= $"refused: {refusal}";
                        continue;
                    }

                    latencies.Add((GroupOf(writer), clock.Elapsed.TotalMilliseconds));
                    accepted.AddOrUpdate(customerId, (1, amount), (_, t) => (t.Count + 1, t.Sum + amount));
                }
                catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException)
                {
                    Interlocked.Increment(ref errors);
                    firstError ??= $"{e.GetType().Name}: {e.Message}";
                }
            }
        })));
        wall.Stop();
        var cpuAfter = CpuSample.Take();

        await using var check = await dbFactory.CreateDbContextAsync();
        var found = 0;
        var balancesMatch = true;
        foreach (var customerId in customers)
        {
            var expected = accepted.GetValueOrDefault(customerId);
            found += await check.CreditEntries.CountAsync(c => c.CustomerId == customerId);
            balancesMatch &= await CreditLedger.BalanceAsync(check, customerId, CancellationToken.None) == expected.Sum;
        }

        return new ArmResult(name, [.. latencies.Select(l => l.Milliseconds).Order()],
            latencies.GroupBy(l => l.Group).OrderBy(g => Array.IndexOf(Groups, g.Key)).ToDictionary(g => g.Key, g => g.Select(l => l.Milliseconds).Order().ToList()), errors, firstError, refused, wall.Elapsed, accepted.Values.Sum(v => v.Count), found, balancesMatch,
            cpuAfter.MachineBusyShareSince(cpu), cpuAfter.ProcessTimeSince(cpu) / wall.Elapsed);
    }
}
