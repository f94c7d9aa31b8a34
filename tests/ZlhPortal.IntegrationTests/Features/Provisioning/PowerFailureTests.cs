using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>A power action the runtime refuses reaches the customer: the API, an alert on the server page, and its history.</summary>
public sealed class PowerFailureTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string AlertMarker = "data-testid=\"power-failure\"";

    private static int HistoryEntries(string html) => Regex.Count(html, "data-testid=\"action-failure\"");

    [Fact]
    public async Task A_start_the_host_refuses_is_shown_once_and_the_alert_goes_with_the_next_successful_start()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var api = await AccountJourney.ApiClientAsync(factory, owner);
        using var browser = factory.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(browser, owner)).StatusCode);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Refused Start"), ServerStatus.Running);
        await PowerAsync(api, server.Id, "stop");
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Stopped);
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults",
            new { taskFailures = new[] { new { type = "vzstart", exitStatus = "startup for container failed", count = 1 } } });

        await PowerAsync(api, server.Id, "start");
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Stopped, ServerStatus.Running);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // What the queue does when it runs the same job again: the request is already answered.
            await scope.ServiceProvider.GetRequiredService<PowerServerJob>().RunAsync(server.Id, PowerAction.Start, CancellationToken.None);
        }

        var failed = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}");
        var reason = "The server could not be started: the host refused (startup for container failed). Try again; if it keeps failing, contact support.";
        Assert.Equal("Stopped", failed.GetProperty("status").GetString());
        Assert.Equal(reason, failed.GetProperty("lastActionError").GetString());
        var page = await browser.GetStringAsync($"/servers/{server.Id}");
        Assert.Contains(AlertMarker, page);
        Assert.Contains(WebUtility.HtmlEncode(reason), page);
        Assert.Equal(1, HistoryEntries(page));
        Assert.Equal(ServerOperation.Start, Assert.Single((await Servers.GetAsync(factory, server.Id)).ActionFailures).Operation);

        await PowerAsync(api, server.Id, "start");
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);

        var started = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}");
        Assert.Equal(JsonValueKind.Null, started.GetProperty("lastActionError").ValueKind);
        page = await browser.GetStringAsync($"/servers/{server.Id}");
        Assert.DoesNotContain(AlertMarker, page);
        Assert.Equal(1, HistoryEntries(page));
        Assert.Contains(WebUtility.HtmlEncode(reason), page);
    }

    [Fact]
    public async Task A_stop_the_host_does_not_answer_is_reported_and_the_server_stays_running()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var api = await AccountJourney.ApiClientAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Silent Host"), ServerStatus.Running);
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults",
            new { errorRates = new[] { new { pathContains = "/status/shutdown", method = "POST", rate = 1.0, status = 596, reason = "Connection timed out" } } });

        try
        {
            await PowerAsync(api, server.Id, "stop");
            await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        }
        finally
        {
            // The fault outlives a failed wait otherwise, and the other tests share this simulator.
            await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        }

        var failed = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}");
        Assert.Equal("Running", failed.GetProperty("status").GetString());
        Assert.Equal("The server could not be stopped: the host did not respond in time. Try again; if it keeps failing, contact support.",
            failed.GetProperty("lastActionError").GetString());
        Assert.Single((await Servers.GetAsync(factory, server.Id)).ActionFailures);
    }

    [Fact]
    public async Task A_restart_whose_start_is_refused_leaves_the_server_stopped_and_says_so()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var api = await AccountJourney.ApiClientAsync(factory, owner);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, name: "Half Restart"), ServerStatus.Running);
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults",
            new { taskFailures = new[] { new { type = "vzstart", exitStatus = "startup for container failed", count = 1 } } });

        await PowerAsync(api, server.Id, "restart");
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);

        var failed = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}");
        Assert.Equal("Stopped", failed.GetProperty("status").GetString());
        Assert.StartsWith("The server could not be restarted: the host refused", failed.GetProperty("lastActionError").GetString());
        var container = (await Servers.InventoryAsync(factory)).GetProperty("containers").EnumerateArray()
            .Single(c => c.GetProperty("vmid").GetInt32() == server.Vmid);
        Assert.Equal("stopped", container.GetProperty("status").GetString());
    }

    private static async Task PowerAsync(HttpClient api, int serverId, string action)
    {
        using var response = await api.PostAsJsonAsync($"/api/v1/servers/{serverId}/power", new { action });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
