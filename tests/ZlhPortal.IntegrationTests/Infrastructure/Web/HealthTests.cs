using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Infrastructure.Web;

public sealed class HealthTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Live_answers_without_checking_anything()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_checks_the_database()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_says_that_this_instance_hears_the_others_once_its_listener_is_connected()
    {
        var body = await Eventually.UntilAsync(() => ReadyAsync(factory),
            r => r.Status == HttpStatusCode.OK && r.Checks.GetProperty("events").GetProperty("status").GetString() == "Healthy", what: "events heard");

        var description = body.Checks.GetProperty("events").GetProperty("description").GetString();
        Assert.Contains(TestDatabase.IsPostgreSql ? "Listening" : "SQLite", description);
    }

    [Fact]
    public async Task Ready_checks_the_job_server_and_the_agent_credentials()
    {
        var body = await Eventually.UntilAsync(() => ReadyAsync(factory), r => r.Status == HttpStatusCode.OK, what: "ready");

        Assert.Equal("Healthy", body.Checks.GetProperty("jobs").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.Checks.GetProperty("agent-credentials").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_fails_when_a_stored_agent_credential_cannot_be_decrypted()
    {
        using var portal = new PortalAppFactory();
        var owner = await AccountJourney.CreateAsync(portal, "Customer");
        var serverId = await Servers.CreateAsync(portal, owner);
        // What a server row looks like after the key ring was lost: protected with keys this portal does not have.
        var foreign = DataProtectionProvider.Create("another-portal").CreateProtector("ZlhPortal.Servers.AgentCredential.v1").Protect("credential");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.Servers.Where(s => s.Id == serverId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AgentCredentialProtected, foreign));
        }

        var ready = await ReadyAsync(portal);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.Checks.GetProperty("agent-credentials").GetProperty("status").GetString());
        Assert.Contains($"server {serverId}", ready.Checks.GetProperty("agent-credentials").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_fails_when_no_job_server_is_processing()
    {
        // A portal whose Hangfire server never started.
        using var portal = new PortalAppFactory().WithServices(services =>
        {
            foreach (var hangfire in services.Where(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationFactory?.Method.ReturnType == typeof(Hangfire.BackgroundJobServerHostedService)).ToList())
            {
                services.Remove(hangfire);
            }
        });

        var ready = await ReadyAsync(portal);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.Checks.GetProperty("jobs").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.Checks.GetProperty("database").GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Checks)> ReadyAsync(PortalAppFactory portal)
    {
        var response = await portal.CreateClient().GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("checks"));
    }
}
