using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Edge;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Benchmarks.Provisioning;

/// <summary>
/// B7: 16 concurrent writers, each doing 200 server-status updates plus an activity row, through the portal's EF Core
/// setup (WAL, busy_timeout, synchronous=NORMAL), while 4 readers page the server list; against raw Microsoft.Data.Sqlite
/// doing the same two-row transaction with the same pragmas, in the same run on the same file system.
/// </summary>
public static class SqliteWritersBenchmark
{
    private const int Writers = 16;
    private const int WritesEach = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("zlh-b7-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:DataDirectory"] = directory });
        builder.Services.AddLogging();
        builder.AddDatabase();
        // The server list says how players connect, which reads the edge settings (Direct here: no runtime is asked).
        builder.AddRuntime();
        builder.AddEdge();
        using var host = builder.Build();
        await host.Services.MigrateDatabaseAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await SeedAsync(factory);

        // The readers run through both arms, so both compete with the same reading load.
        using var stop = new CancellationTokenSource();
        var readerLatencies = new ConcurrentBag<double>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var directoryService = ActivatorUtilities.CreateInstance<ServerDirectory>(host.Services);
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                await directoryService.ListAllAsync(new ServerFilter(), Random.Shared.Next(0, 10), 25);
                readerLatencies.Add(clock.Elapsed.TotalMilliseconds);
                await Task.Delay(20);
            }
        })).ToList();

        var (efLatencies, efErrors, efWall) = await RunWritersAsync(async (writer, i) =>
        {
            await using var db = await factory.CreateDbContextAsync();
            var server = await db.Servers.FirstAsync(s => s.Id == writer + 1);
            server.Status = i % 2 == 0 ? ServerStatus.Stopped : ServerStatus.Running;
            server.UpdatedAt = DateTimeOffset.UtcNow;
            server.Version = Guid.NewGuid();
            db.AccountActivities.Add(new AccountActivity { UserId = server.OwnerId, Kind = AccountActivityKind.LoginSucceeded, Detail = $"write {i}", At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var rawFile = Path.Combine(directory, "raw.db");
        await using (var setup = new SqliteConnection($"Data Source={rawFile}"))
        {
            await setup.OpenAsync();
            await using var create = setup.CreateCommand();
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE servers(id INTEGER PRIMARY KEY, status TEXT, updated INTEGER); CREATE TABLE activity(id INTEGER PRIMARY KEY, detail TEXT, at INTEGER);"
                + string.Concat(Enumerable.Range(1, Writers).Select(i => $"INSERT INTO servers VALUES ({i}, 'Running', 0);"));
            await create.ExecuteNonQueryAsync();
        }

        var (rawLatencies, rawErrors, rawWall) = await RunWritersAsync(async (writer, i) =>
        {
            await using var connection = new SqliteConnection($"Data Source={rawFile}");
            await connection.OpenAsync();
            await using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
                await pragmas.ExecuteNonQueryAsync();
            }

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE servers SET status = $s, updated = $u WHERE id = $id; INSERT INTO activity(detail, at) VALUES ($d, $u);";
            command.Parameters.AddWithValue("$s", i % 2 == 0 ? "Stopped" : "Running");
            command.Parameters.AddWithValue("$u", DateTime.UtcNow.Ticks);
            command.Parameters.AddWithValue("$id", writer + 1);
            command.Parameters.AddWithValue("$d", $"write {i}");
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        });

        stop.Cancel();
        await Task.WhenAll(readers);

        static double P(IEnumerable<double> values, double q)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        }

        var total = Writers * WritesEach;
        Console.WriteLine($"sqlite-writers ({Writers} writers × {WritesEach} status update + activity row, 4 readers paging the server list every 20 ms through both arms):");
        Console.WriteLine($"  EF Core (portal setup): {efErrors} errors, p50 {P(efLatencies, 0.5):0.0} ms, p99 {P(efLatencies, 0.99):0.0} ms, {total / efWall.TotalSeconds:0} writes/s");
        Console.WriteLine($"  raw Microsoft.Data.Sqlite: {rawErrors} errors, p50 {P(rawLatencies, 0.5):0.0} ms, p99 {P(rawLatencies, 0.99):0.0} ms, {total / rawWall.TotalSeconds:0} writes/s");
        Console.WriteLine($"  EF throughput {total / efWall.TotalSeconds / (total / rawWall.TotalSeconds):0.00}× raw; readers p99 {P(readerLatencies, 0.99):0.0} ms over {readerLatencies.Count} pages");
        return efErrors == 0 && P(efLatencies, 0.99) <= 50 ? 0 : 1;
    }

    private static async Task<(List<double> Latencies, int Errors, TimeSpan Wall)> RunWritersAsync(Func<int, int, Task> write)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < WritesEach; i++)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    await write(writer, i);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (Exception e) when (e is SqliteException or DbUpdateException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return ([.. latencies], errors, wall.Elapsed);
    }

    private static async Task SeedAsync(IDbContextFactory<AppDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var user = new ApplicationUser { Id = "bench", UserName = "bench@example.test", Email = "bench@example.test", DisplayName = "Bench" };
        db.Users.Add(user);
        for (var i = 0; i < 250; i++)
        {
            db.Servers.Add(new HostedServer
            {
                OwnerId = user.Id, Name = $"server {i}", Kind = ZlhPortal.Web.Features.Catalog.ServerKind.Game, PlanId = 1, TemplateId = 1,
                Status = ServerStatus.Running, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, AgentCredentialProtected = "x",
            });
        }

        await db.SaveChangesAsync();
    }
}
