using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>
/// The billing run in a separate process (<c>billing run</c> on the portal executable) is killed with SIGKILL while it
/// issues renewal invoices; running it again finishes the job with exactly one invoice per subscription and no gap.
/// </summary>
public sealed class BillingRunCrashTests : IDisposable
{
    private const int Subscriptions = 1000;
    private readonly string data = Directory.CreateTempSubdirectory("zlh-billing-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    /// <summary>
    /// Starts the portal executable with <paramref name="args"/>; what it prints is drained as it comes (a pipe left unread
    /// stops a chatty process once its buffer is full) and kept in <paramref name="output"/>.
    /// </summary>
    private Process Start(System.Text.StringBuilder output, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        info.ArgumentList.Add(PortalProcess.PortalDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Portal__DataDirectory"] = data;
        // Small batches: many short transactions, so the kill lands between two of them.
        info.Environment["Billing__RunBatchSize"] = "10";
        var process = new Process { StartInfo = info };
        void Keep(object sender, DataReceivedEventArgs line)
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private string Database => Path.Combine(data, "portal.db");

    private AppDbContext Db() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Database};Pooling=False").Options);

    [Fact]
    public async Task A_run_killed_while_issuing_invoices_and_run_again_leaves_one_invoice_per_subscription_and_no_gap()
    {
        var createOutput = new System.Text.StringBuilder();
        using (var create = Start(createOutput, "users", "create", "--email", "billing-crash@example.test", "--role", "Customer"))
        {
            await create.WaitForExitAsync();
            Assert.True(create.ExitCode == 0, createOutput.ToString());
        }

        var now = DateTimeOffset.UtcNow;
        await using (var db = Db())
        {
            var owner = await db.Users.Where(u => u.Email == "billing-crash@example.test").Select(u => u.Id).SingleAsync();
            await DueSubscriptions.AddAsync(db, owner, Subscriptions, now);
        }

        using (var run = Start(new System.Text.StringBuilder(), "billing", "run"))
        {
            await Eventually.UntilAsync(async () =>
            {
                Assert.False(run.HasExited, "The billing run finished before it could be killed.");
                await using var db = Db();
                return await db.Invoices.CountAsync();
            }, issued => issued >= 100, TimeSpan.FromSeconds(60), "the first invoices");
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
        }

        await using (var db = Db())
        {
            Assert.InRange(await db.Invoices.CountAsync(), 100, Subscriptions - 1);
        }

        var rerunOutput = new System.Text.StringBuilder();
        using (var rerun = Start(rerunOutput, "billing", "run"))
        {
            await rerun.WaitForExitAsync();
            Assert.True(rerun.ExitCode == 0, rerunOutput.ToString());
        }

        await using (var db = Db())
        {
            var invoices = await db.Invoices.AsNoTracking().Select(i => new { i.SubscriptionId, i.NumberSequence, i.NotifiedAt, i.Kind }).ToListAsync();
            Assert.Equal(Subscriptions, invoices.Count);
            Assert.All(invoices, i => Assert.Equal(InvoiceKind.Renewal, i.Kind));
            Assert.Equal(Subscriptions, invoices.Select(i => i.SubscriptionId).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, Subscriptions), invoices.Select(i => i.NumberSequence!.Value).Order());
            Assert.All(invoices, i => Assert.NotNull(i.NotifiedAt));
        }
    }
}
