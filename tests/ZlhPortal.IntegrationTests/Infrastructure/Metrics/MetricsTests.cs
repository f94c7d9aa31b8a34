using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.IntegrationTests.Infrastructure.Metrics;

/// <summary>
/// Meters are process-wide and the exporter listens to every meter of the portal's name, so another portal running at
/// the same time in this process would show its servers here too: these tests run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsTestsCollection;

[Collection(nameof(MetricsTests))]
public sealed class MetricsTests
{
    private const string Token = "scrape-token-for-tests";

    internal static PortalAppFactory Portal() => new PortalAppFactory()
        .WithSetting("Metrics:Token", Token)
        .WithSetting("Metrics:GaugeCacheDuration", "00:00:00");

    internal static async Task<PrometheusScrape> ScrapeAsync(PortalAppFactory factory)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_need_the_token_when_one_is_set()
    {
        using var factory = Portal();
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        await ScrapeAsync(factory);
    }

    [Fact]
    public async Task Metrics_answer_plain_http_where_pages_require_https()
    {
        // Prometheus scrapes each instance directly, not through the proxy that ends TLS.
        using var factory = Portal().WithSetting("Portal:RequireHttps", "true");

        Assert.Equal(HttpStatusCode.BadRequest, (await factory.CreateClient().GetAsync("/pricing")).StatusCode);
        await ScrapeAsync(factory);
    }

    [Fact]
    public async Task Without_token_or_port_metrics_answer_loopback_callers_only()
    {
        // The test server's requests come from no address at all: not loopback.
        using var factory = new PortalAppFactory();

        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_metrics_port_keeps_metrics_off_the_public_listener()
    {
        using var factory = Portal().WithSetting("Metrics:Port", "1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_metrics_port_serves_metrics_only_on_connections_to_that_port()
    {
        var (publicPort, metricsPort) = (FreePort(), FreePort());
        using var factory = new PortalAppFactory().WithSetting("Metrics:Port", metricsPort.ToString());
        factory.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, publicPort);
            kestrel.Listen(IPAddress.Loopback, metricsPort);
        });
        factory.StartServer();
        using var http = new HttpClient();

        var scraped = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("zlh_servers", await scraped.Content.ReadAsStringAsync());

        // Naming the metrics port in the Host header does not get a public connection in.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{metricsPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{publicPort}/metrics")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_paid_order_shows_as_a_running_server_runtime_calls_and_request_durations()
    {
        using var factory = Portal();
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Measured")).GetProperty("invoice").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(client, invoiceId)).StatusCode);
        var serverId = await BillingApiClient.WithDbAsync(factory, db => db.Servers.Where(s => s.Name == "Measured").Select(s => s.Id).SingleAsync());
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);

        var scrape = await ScrapeAsync(factory);

        Assert.Equal(1, scrape.Value("zlh_servers", ("status", "Running")));
        Assert.Equal(0, scrape.Value("zlh_servers", ("status", "Failed")));
        Assert.True(scrape.Value("zlh_runtime_requests_total", ("target", "proxmox"), ("outcome", "success")) > 0, scrape.Text);
        Assert.True(scrape.Value("zlh_runtime_requests_total", ("target", "agent"), ("outcome", "success")) > 0, scrape.Text);
        Assert.Equal(1, scrape.Value("zlh_provisioning_duration_seconds_count"));
        Assert.Equal(0, scrape.Value("zlh_server_operations_stuck"));
        Assert.Equal(0, scrape.Value("zlh_refunds_pending"));
        Assert.Equal(0, scrape.Value("zlh_consoles_open"));
        Assert.True(scrape.Values("http_server_request_duration_seconds_count", ("http_route", "/api/v1/invoices/{id:int}/pay")).Count > 0, scrape.Text);
        Assert.True(scrape.Values("http_client_request_duration_seconds_count").Count > 0, scrape.Text);
        Assert.True(scrape.Values("dotnet_gc_collections_total").Count > 0, scrape.Text);
    }

    [Fact]
    public async Task The_outbox_gauge_counts_a_queued_unsent_email()
    {
        using var factory = Portal();
        var before = (await ScrapeAsync(factory)).Value("zlh_outbox_pending");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            // Due in an hour, so the outbox job cannot send it while the test looks.
            Assert.True(await EmailOutbox.QueueAsync(db, "metrics-test", new EmailMessage("someone@example.test", "Waiting", "text", "<p>html</p>"),
                DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
            await db.SaveChangesAsync();
        }

        Assert.Equal(before + 1, (await ScrapeAsync(factory)).Value("zlh_outbox_pending"));
    }

    [Fact]
    public async Task A_job_that_throws_is_counted_as_failed()
    {
        using var factory = Portal();
        await ScrapeAsync(factory);

        factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Convert.ToInt32("not a number"));

        await Eventually.UntilAsync(() => ScrapeAsync(factory), s => s.Values("zlh_jobs_failed_total", ("job", "Convert")).Sum() >= 1, what: "a failed job counted");
    }
}
