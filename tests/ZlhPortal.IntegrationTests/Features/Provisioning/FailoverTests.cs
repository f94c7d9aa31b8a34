using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.IntegrationTests.Runtime;
using ZlhPortal.Simulator;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>
/// Two portal processes share one PostgreSQL database and one runtime (the simulator, over HTTP, as a real Proxmox).
/// One is killed with SIGKILL while the orders it was provisioning are mid-way: the other finishes every one of them.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class FailoverTests : IAsyncLifetime
{
    private const int Orders = 20;
    private readonly string data = Directory.CreateTempSubdirectory("zlh-failover-").FullName;
    private readonly string database = TestDatabase.PostgreSqlConnectionString()
        ?? throw new InvalidOperationException($"The failover test needs PostgreSQL: set {TestDatabase.Variable} (tests/run.sh does).");
    private SimulatorHost simulator = null!;
    private PortalProcess? first;
    private PortalProcess? second;

    public async Task InitializeAsync()
    {
        var options = SimulatorFixture.TestOptions();
        // Clones and starts take a while, so the kill lands while most servers are mid-way, however slow the machine.
        options.TaskDuration = TimeSpan.FromSeconds(2);
        simulator = await SimulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        first?.Dispose();
        second?.Dispose();
        await simulator.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    private Dictionary<string, string> Settings(string instance) => new()
    {
        ["Portal__DataDirectory"] = Directory.CreateDirectory(Path.Combine(data, instance)).FullName,
        ["Database__Provider"] = "PostgreSql",
        ["Database__ConnectionString"] = database,
        ["Runtime__Mode"] = "Proxmox",
        ["Runtime__Proxmox__BaseUrl"] = simulator.ProxmoxApiUrl.ToString(),
        ["Runtime__Proxmox__TokenId"] = simulator.ApiTokenId,
        ["Runtime__Proxmox__TokenSecret"] = simulator.ApiTokenSecret,
        ["Runtime__Proxmox__Fingerprint"] = simulator.CertificateFingerprint,
        ["Runtime__Proxmox__TaskPollInterval"] = "00:00:00.050",
        ["Runtime__Proxmox__TaskPollMaxInterval"] = "00:00:00.200",
        ["Runtime__Proxmox__RetryDelay"] = "00:00:00.100",
        ["Runtime__Dns__BaseUrl"] = simulator.DnsApiUrl.ToString(),
        ["Runtime__Dns__Token"] = simulator.DnsToken,
        ["Runtime__ManagementNetworks__0"] = simulator.Options.AgentAddressBlock,
        ["Provisioning__PollInterval"] = "00:00:00.050",
        ["Provisioning__Status__ReconcileInterval"] = "00:00:02",
        ["Leases__Duration"] = "00:00:05",
        ["Portal__RateLimiting__Api__PermitLimit"] = "100000",
    };

    [Fact]
    public async Task One_of_two_instances_killed_mid_provisioning_leaves_every_order_running_once_with_no_refund()
    {
        first = await PortalProcess.StartAsync(data, Settings("a"));
        // The survivor has few workers, so the instance that dies holds most of the work when it does.
        second = await PortalProcess.StartAsync(data, new Dictionary<string, string>(Settings("b")) { ["Jobs__WorkerCount"] = "3" });
        const string customer = "failover@example.test";
        await PortalProcess.RunCommandAsync(data, Settings("a"), "users", "create", "--email", customer, "--role", "Customer");
        var token = (await PortalProcess.RunCommandAsync(data, Settings("a"), "tokens", "create", "--email", customer, "--name", "failover")).TrimEnd().Split('\n')[^1].Trim();
        foreach (var portal in new[] { first, second })
        {
            portal.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Orders land on both instances at once, as behind a load balancer; either instance's workers take the jobs.
        // Placed together, so that the first servers are not done before the last orders are paid on a slow machine.
        await Task.WhenAll(Enumerable.Range(0, Orders).Select(async i =>
        {
            var http = (i % 2 == 0 ? first : second).Http;
            var invoice = (await BillingApiClient.OrderAsync(http, name: $"Failover {i:00}")).GetProperty("invoice").GetProperty("id").GetInt32();
            var paid = await BillingApiClient.PayAsync(http, invoice);
            Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        }));

        // Kill the first instance while it holds some servers' operation leases, before half of them run.
        var orphaned = await Eventually.UntilAsync(() => LeasesHeldByAsync(first.Id), held => held.Count > 0, TimeSpan.FromSeconds(60), "the first instance working on servers");
        Assert.True(await CountAsync(db => db.Servers.CountAsync(s => s.Status == ServerStatus.Running)) < Orders / 2, "Half the servers were running before the kill.");
        await first.KillAsync();
        var killedAt = Stopwatch.StartNew();

        var statuses = await Eventually.UntilAsync(
            () => CountAsync(db => db.Servers.Select(s => s.Status).ToListAsync()),
            s => s.Count == Orders && s.All(status => status is ServerStatus.Running or ServerStatus.Failed), TimeSpan.FromSeconds(120), "every server finished");
        var recovered = killedAt.Elapsed;

        Assert.All(statuses, status => Assert.Equal(ServerStatus.Running, status));
        var servers = await CountAsync(db => db.Servers.Select(s => new { s.Id, s.Vmid }).ToListAsync());
        var proxmox = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(simulator));
        var guests = (await proxmox.Cluster.ResourcesAsync("vm")).Data!.Where(g => g.Type == "lxc" && !g.Template).ToList();
        Assert.Equal(Orders, guests.Count);
        Assert.Equal(servers.Select(s => s.Vmid!.Value).Order(), guests.Select(g => g.Vmid).Order());
        foreach (var guest in guests)
        {
            var description = (await proxmox.Nodes[guest.Node].Lxc[guest.Vmid].Config.GetAsync()).Data!.Description;
            Assert.Equal(servers.Single(s => s.Vmid == guest.Vmid).Id, ContainerFacts.ServerIdIn(description));
        }

        Assert.Equal(Orders, await CountAsync(db => db.Invoices.CountAsync()));
        Assert.Equal(0, await CountAsync(db => db.Payments.CountAsync(p => p.Status != PaymentStatus.Succeeded)));
        Assert.Equal(0, await CountAsync(db => db.CreditEntries.CountAsync()));
        var listed = await second.Http.GetFromJsonAsync<JsonElement>("/api/v1/servers");
        Assert.Equal(Orders, listed.EnumerateArray().Count(s => s.GetProperty("status").GetString() == "Running"));
        Console.WriteLine($"Failover: {orphaned.Count} servers held by the killed instance; all {Orders} running {recovered.TotalSeconds:0.0} s after the kill.");
    }

    /// <summary>The servers whose operation lease the process holds.</summary>
    private async Task<List<string>> LeasesHeldByAsync(int processId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Key" FROM "Leases" WHERE "Key" LIKE @prefix AND "Owner" LIKE @owner""", connection);
        command.Parameters.AddWithValue("prefix", ServerLocks.Prefix + "%");
        command.Parameters.AddWithValue("owner", $"%/{processId}/%");
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private async Task<T> CountAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(database).Options);
        return await read(db);
    }
}
