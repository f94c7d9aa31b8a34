using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

public sealed class ServersApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private Task<HttpClient> ClientForAsync(string email) => AccountJourney.ApiClientAsync(factory, email);

    private async Task<HttpClient> AdminClientAsync()
    {
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, admin);
        return await ClientForAsync(admin);
    }

    [Fact]
    public async Task An_admin_creates_a_complimentary_server_that_the_customer_then_sees_and_controls()
    {
        var customer = await AccountJourney.CreateAsync(factory, "Customer");
        var admin = await AdminClientAsync();
        var client = await ClientForAsync(customer);

        var created = await admin.PostAsJsonAsync("/api/v1/admin/servers",
            new { ownerEmail = customer, plan = "game-small", template = "minecraft-fabric", name = "<b>Fabric</b> & friends" });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal("Provisioning", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("complimentary").GetBoolean());
        Assert.Equal("<b>Fabric</b> & friends", body.GetProperty("name").GetString());
        Assert.Equal(ServerSteps.Setup.Count, body.GetProperty("steps").GetArrayLength());

        var running = await Eventually.UntilAsync(async () => await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{id}"),
            s => s.GetProperty("status").GetString() is "Running" or "Failed");
        Assert.Equal("Running", running.GetProperty("status").GetString());
        foreach (var field in new[] { "plan", "template", "node", "vmid", "address", "hostname", "steps" })
        {
            Assert.True(running.TryGetProperty(field, out _), field);
        }

        var list = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/servers");
        Assert.Contains(list!, s => s.GetProperty("id").GetInt32() == id);
        Assert.Contains("complimentary", await (await ClientForAsync(customer)).GetStringAsync("/api/v1/servers"), StringComparison.OrdinalIgnoreCase);

        var stop = await client.PostAsJsonAsync($"/api/v1/servers/{id}/power", new { action = "stop" });
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        await Servers.WaitForAsync(factory, id, ServerStatus.Stopped);

        var delete = await client.DeleteAsync($"/api/v1/servers/{id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await Servers.WaitForAsync(factory, id, ServerStatus.Deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/servers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_server_is_a_404_for_every_call()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var id = await Servers.CreateAsync(factory, owner);
        var stranger = await ClientForAsync(await AccountJourney.CreateAsync(factory, "Customer"));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/servers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/servers/{id}/power", new { action = "stop" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/servers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/servers/999999")).StatusCode);
        Assert.DoesNotContain(await stranger.GetFromJsonAsync<JsonElement[]>("/api/v1/servers") ?? [], s => s.GetProperty("id").GetInt32() == id);
    }

    [Theory]
    [InlineData("{\"action\":\"explode\"}")]
    [InlineData("{\"action\":\"1\"}")]
    [InlineData("{\"action\":null}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task Invalid_power_requests_are_400_and_change_nothing(string json)
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var id = await Servers.CreateAsync(factory, owner);
        var client = await ClientForAsync(owner);

        var response = await client.PostAsync($"/api/v1/servers/{id}/power", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual(ServerOperation.Stop, (await Servers.GetAsync(factory, id)).Operation);
    }

    [Theory]
    [InlineData("nobody@example.test", "game-small", "minecraft-paper", "x", "Unknown customer")]
    [InlineData(null, "game-small", "minecraft-paper", "x", "Unknown customer")]
    [InlineData("owner", "no-such-plan", "minecraft-paper", "x", "no plan")]
    [InlineData("owner", "game-small", "no-such-template", "x", "no template")]
    [InlineData("owner", "dev-small", "minecraft-paper", "x", "does not run")]
    [InlineData("owner", "game-small", "minecraft-paper", "", "name of 1 to 60")]
    public async Task Bad_admin_create_requests_explain_themselves(string? ownerEmail, string plan, string template, string name, string expected)
    {
        var admin = await AdminClientAsync();
        var owner = ownerEmail == "owner" ? await AccountJourney.CreateAsync(factory, "Customer") : ownerEmail;

        var response = await admin.PostAsJsonAsync("/api/v1/admin/servers", new { ownerEmail = owner, plan, template, name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
