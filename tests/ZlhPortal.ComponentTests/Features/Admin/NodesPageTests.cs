using System.Net;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Admin.Pages;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.ComponentTests.Features.Admin;

public sealed class NodesPageTests : PortalTestContext
{
    // One node with 8 cores, 16 GiB memory and 100 GiB disk, as /cluster/resources reports it.
    private const string ClusterJson = """
        {"data":[
          {"id":"node/pve1","type":"node","node":"pve1","status":"online","cpu":0.25,"maxcpu":8,"mem":4294967296,"maxmem":17179869184,"disk":0,"maxdisk":107374182400},
          {"id":"lxc/1001","type":"lxc","vmid":1001,"node":"pve1","status":"running","maxcpu":2,"maxmem":4294967296,"maxdisk":10737418240}
        ]}
        """;

    private readonly ClusterStub cluster = new();

    public NodesPageTests()
    {
        Services.AddSingleton(new ProxmoxClient(new HttpClient(cluster), new ProxmoxOptions
        {
            BaseUrl = "https://pve1.example:8006/api2/json", TokenId = "portal@pve!zlh", TokenSecret = "8f1c6a2e-0000-4000-8000-000000000001",
            RetryDelay = TimeSpan.FromMilliseconds(1),
        }));
        Services.AddSingleton(Options.Create(new RuntimeStatusOptions()));
        Services.AddSingleton(Options.Create(new ProvisioningOptions { CpuOverallocation = 4, MemoryOverallocation = 1, DiskOverallocation = 1 }));
        Services.AddSingleton<RuntimeStatusMonitor>();
        Services.AddScoped<NodeCapacity>();
        Services.AddScoped<ZlhPortal.Web.Features.Provisioning.Nodes.NodeMaintenance>();
        AddAuthorization().SetAuthorized("admin@example.test").SetRoles("Admin");
    }

    private async Task SeedServerOnAsync(string node)
    {
        await using var db = CreateDb();
        var owner = new ApplicationUser { Id = "c1", UserName = "c1@example.test", Email = "c1@example.test", NormalizedEmail = "C1@EXAMPLE.TEST" };
        db.Users.Add(owner);
        var plan = db.Plans.First(p => p.Slug == "game-small");
        db.Servers.Add(new HostedServer
        {
            OwnerId = owner.Id, Name = "One", PlanId = plan.Id, TemplateId = db.Templates.First().Id, Status = ServerStatus.Running, Node = node, Vmid = 1001,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Shows_each_nodes_allocation_against_its_capacity_and_online_status()
    {
        await SeedServerOnAsync("pve1");
        var plan = CreateDb().Plans.First(p => p.Slug == "game-small");
        await Services.GetRequiredService<RuntimeStatusMonitor>().RefreshAsync(CancellationToken.None);

        var page = Render<NodesPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find("[data-testid='node-pve1']");
            Assert.Contains("online", row.TextContent);
            Assert.Contains($"{plan.Cores} / 32 (", row.TextContent);
            Assert.Contains("CPU 25%", row.TextContent);
        });
        Assert.Equal("1", page.Find("[data-testid='node-pve1'] td:nth-child(3)").TextContent.Trim());
    }

    [Fact]
    public async Task Renders_with_the_last_known_nodes_and_unknown_since_when_the_cluster_is_unreachable()
    {
        await SeedServerOnAsync("pve1");
        var monitor = Services.GetRequiredService<RuntimeStatusMonitor>();
        await monitor.RefreshAsync(CancellationToken.None);
        cluster.Down = true;
        await monitor.RefreshAsync(CancellationToken.None);
        var since = monitor.Snapshot.UnreachableSince!.Value.UtcDateTime.ToString("HH:mm");

        var page = Render<NodesPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains($"unknown since {since}", page.Find("[data-testid='node-pve1']").TextContent);
            Assert.Contains($"live state unknown since {since}", page.Find("[data-testid='nodes-freshness']").TextContent);
        });
    }

    [Fact]
    public void Renders_before_the_cluster_was_ever_read()
    {
        cluster.Down = true;

        var page = Render<NodesPage>();

        page.WaitForAssertion(() => Assert.Contains("No nodes known yet", page.Markup));
    }

    private sealed class ClusterStub : HttpMessageHandler
    {
        public volatile bool Down;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Down
            ? throw new HttpRequestException("Connection refused")
            : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(ClusterJson, Encoding.UTF8, "application/json") });
    }
}
