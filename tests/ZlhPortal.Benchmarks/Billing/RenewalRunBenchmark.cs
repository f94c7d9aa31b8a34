using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Dunning;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Benchmarks.Billing;

/// <summary>
/// B9: the billing run over N active subscriptions that are all due for renewal, on the portal's own SQLite setup:
/// wall time, peak managed heap and process working set while it runs (sampled), then a rerun that must write nothing.
/// Run with a smaller N too to see that the peak stays flat (batched) rather than growing with N.
/// </summary>
public static class RenewalRunBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var data = Directory.CreateTempSubdirectory("zlh-b9-").FullName;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ZLHPORTAL_WEB", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
        await using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Portal:DataDirectory", data);
            web.UseSetting("Runtime:Simulator:StateFile", ":memory:");
            web.UseSetting("Runtime:Simulator:AgentAddressBlock", "127.79.0.0/16");
            web.UseSetting("Billing:RunSchedule", "0 0 31 2 *"); // never: this benchmark runs the job itself
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        var services = portal.Services;
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var seed = Stopwatch.StartNew();
        await SeedAsync(dbFactory, count);
        Console.WriteLine($"seeded {count} subscriptions in {seed.Elapsed.TotalSeconds:0.0} s");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baselineHeap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baselineWorkingSet = process.WorkingSet64;
        long peakHeap = 0, peakWorkingSet = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                await Task.Delay(20);
            }
        });

        var clock = Stopwatch.StartNew();
        BillingRunSummary first;
        await using (var scope = services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<RunBillingJob>().RunAsync(CancellationToken.None);
        }

        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;

        await using var db = await dbFactory.CreateDbContextAsync();
        var invoicesBefore = await db.Invoices.CountAsync();
        var rerunClock = Stopwatch.StartNew();
        BillingRunSummary rerun;
        await using (var scope = services.CreateAsyncScope())
        {
            rerun = await scope.ServiceProvider.GetRequiredService<RunBillingJob>().RunAsync(CancellationToken.None);
        }

        var invoicesAfter = await db.Invoices.CountAsync();
        var numbers = await db.Invoices.Where(i => i.NumberSequence != null).Select(i => i.NumberSequence!.Value).ToListAsync();
        var gapFree = numbers.Count == 0 || numbers.Max() == numbers.Count && numbers.Distinct().Count() == numbers.Count;

        Console.WriteLine($"B9 renewal run over {count} subscriptions (all due):");
        Console.WriteLine($"  first run: {elapsed.TotalSeconds:0.00} s ({count / elapsed.TotalSeconds:0} subscriptions/s); issued {first.InvoicesIssued}, emailed {first.EmailsSent}, paid from credit {first.PaidFromCredit}");
        Console.WriteLine($"  peak managed heap during the run: {(peakHeap - baselineHeap) / 1048576.0:+0.0;-0.0} MiB over the {baselineHeap / 1048576.0:0.0} MiB baseline");
        Console.WriteLine($"  peak working set during the run: {(peakWorkingSet - baselineWorkingSet) / 1048576.0:+0.0;-0.0} MiB over the {baselineWorkingSet / 1048576.0:0} MiB baseline");
        Console.WriteLine($"  rerun: {rerunClock.Elapsed.TotalSeconds:0.00} s, changes {rerun.Changes}, invoices {invoicesBefore} -> {invoicesAfter}");
        Console.WriteLine($"  invoice numbers gap-free: {gapFree} ({numbers.Count} numbers)");
        var ok = first.InvoicesIssued == count && rerun.Changes == 0 && invoicesBefore == invoicesAfter && gapFree;
        Console.WriteLine(ok ? "  result: ok" : "  result: FAILED");
        return ok ? 0 : 1;
    }

    private static async Task SeedAsync(IDbContextFactory<AppDbContext> dbFactory, int count)
    {
        const int perCustomer = 10;
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += 1000)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Math.Min(1000, count - start);
            var users = Enumerable.Range(start / perCustomer, (batch + perCustomer - 1) / perCustomer).Select(i => new ApplicationUser
            {
                Id = $"b9-user-{i}", UserName = $"b9-{i}@example.test", NormalizedUserName = $"B9-{i}@EXAMPLE.TEST", Email = $"b9-{i}@example.test",
                NormalizedEmail = $"B9-{i}@EXAMPLE.TEST", EmailConfirmed = true, DisplayName = $"Customer {i}", CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString(),
            }).ToList();
            db.Users.AddRange(users);
            var servers = Enumerable.Range(start, batch).Select(i => new HostedServer
            {
                OwnerId = $"b9-user-{i / perCustomer}", Name = $"World {i}", Kind = ServerKind.Game, PlanId = 1, TemplateId = 1, Status = ServerStatus.Running,
                AgentCredentialProtected = "-", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.Servers.AddRange(servers);
            await db.SaveChangesAsync();
            db.Subscriptions.AddRange(servers.Select(s => new Subscription
            {
                ServerId = s.Id, CustomerId = s.OwnerId, PlanId = 1, MonthlyPriceMinor = 699, Currency = "EUR", Status = SubscriptionStatus.Active,
                CurrentPeriodStart = now.AddDays(-27), CurrentPeriodEnd = now.AddDays(3), CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }
    }
}
