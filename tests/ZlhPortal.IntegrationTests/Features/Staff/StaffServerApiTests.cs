using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Staff;

/// <summary>Staff suspending, restoring and powering a customer's server through the API, each with a reason the customer reads.</summary>
public sealed class StaffServerApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<(string Email, HttpClient Client, int ServerId)> CustomerWithServerAsync(string name = "Rule Breaker")
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var id = (await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: name), ServerStatus.Running)).Id;
        return (email, await AccountJourney.ApiClientAsync(factory, email), id);
    }

    private static async Task<JsonElement[]> HistoryAsync(HttpClient customer, int serverId) =>
        (await customer.GetFromJsonAsync<JsonElement[]>($"/api/v1/servers/{serverId}/history"))!;

    [Theory]
    [InlineData("suspend")]
    [InlineData("unsuspend")]
    public async Task Suspending_and_lifting_by_hand_is_for_admins_with_two_factor_only(string action)
    {
        var (_, customer, serverId) = await CustomerWithServerAsync();
        var (_, support) = await StaffClients.StaffAsync(factory, "Support");
        using var noTwoFactor = await StaffClients.AdminWithoutTwoFactorAsync(factory);
        using var anonymous = factory.CreateClient();
        var path = $"/api/v1/admin/servers/{serverId}/{action}";
        var body = new { reason = "Spam relay" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await noTwoFactor.PostAsJsonAsync(path, body)).StatusCode);

        var server = await Servers.GetAsync(factory, serverId);
        Assert.Equal(ServerStatus.Running, server.Status);
        Assert.Null(server.StaffSuspendedReason);
    }

    [Fact]
    public async Task Power_is_for_support_and_admins_with_two_factor()
    {
        var (_, customer, serverId) = await CustomerWithServerAsync();
        using var noTwoFactor = await StaffClients.AdminWithoutTwoFactorAsync(factory);
        using var anonymous = factory.CreateClient();
        var path = $"/api/v1/admin/servers/{serverId}/power";
        var body = new { action = "stop", reason = "Customer asked by email" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await noTwoFactor.PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(ServerStatus.Running, (await Servers.GetAsync(factory, serverId)).Status);
    }

    [Fact]
    public async Task An_admin_suspends_and_lifts_with_reasons_the_customer_reads_in_history_and_activity()
    {
        var (email, customer, serverId) = await CustomerWithServerAsync("Phisher");
        var (adminEmail, admin) = await StaffClients.StaffAsync(factory, "Admin");

        var suspend = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/suspend", new { reason = "Hosts a phishing page" });
        var again = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/suspend", new { reason = "Twice" });

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal("Hosts a phishing page", (await suspend.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suspendedByStaff").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already suspended by staff", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.PostAsJsonAsync($"/api/v1/servers/{serverId}/power", new { action = "start" })).StatusCode);
        Assert.Equal("Hosts a phishing page", (await customer.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{serverId}")).GetProperty("suspendedByStaff").GetString());
        Assert.Contains(await HistoryAsync(customer, serverId), e => e.GetProperty("kind").GetString() == "suspension"
            && e.GetProperty("actor").GetString() == $"Admin ({adminEmail})" && e.GetProperty("text").GetString() == "Suspended by staff: Hosts a phishing page");
        Assert.Contains($"\"Phisher\" was suspended by Admin ({adminEmail}): Hosts a phishing page", await StaffClients.ActivityPageAsync(factory, email));

        var lift = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/unsuspend", new { reason = "Page removed" });

        Assert.Equal(HttpStatusCode.Accepted, lift.StatusCode);
        var running = await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
        Assert.Null(running.StaffSuspendedReason);
        Assert.Contains(await HistoryAsync(customer, serverId), e => e.GetProperty("actor").GetString() == $"Admin ({adminEmail})"
            && e.GetProperty("text").GetString()!.StartsWith("Suspension lifted by staff (Page removed)", StringComparison.Ordinal));
        Assert.Contains($"Admin ({adminEmail}) lifted the staff suspension of \"Phisher\": Page removed.", await StaffClients.ActivityPageAsync(factory, email));
        var twice = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/unsuspend", new { reason = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("not suspended", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Support_restarts_a_server_with_a_reason_the_customer_sees()
    {
        var (email, customer, serverId) = await CustomerWithServerAsync("Laggy");
        var (supportEmail, support) = await StaffClients.StaffAsync(factory, "Support");

        var restart = await support.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/power", new { action = "restart", reason = "Ticket 42: the world froze" });

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Contains(await HistoryAsync(customer, serverId), e => e.GetProperty("kind").GetString() == "power"
            && e.GetProperty("actor").GetString() == $"Support ({supportEmail})" && e.GetProperty("text").GetString() == "Restart requested: Ticket 42: the world froze");
        Assert.Contains($"Support ({supportEmail}) asked for a restart of \"Laggy\": Ticket 42: the world froze", await StaffClients.ActivityPageAsync(factory, email));
        await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s is { Status: ServerStatus.Running, Operation: ServerOperation.None }, what: "the restart to finish");
    }

    [Fact]
    public async Task Bad_requests_are_answered_with_what_to_fix()
    {
        var (_, _, serverId) = await CustomerWithServerAsync();
        var (_, admin) = await StaffClients.StaffAsync(factory, "Admin");
        var suspend = $"/api/v1/admin/servers/{serverId}/suspend";

        var noReason = await admin.PostAsJsonAsync(suspend, new { });
        var blank = await admin.PostAsJsonAsync(suspend, new { reason = "   " });
        var tooLong = await admin.PostAsJsonAsync(suspend, new { reason = new string('x', 501) });
        var unknown = await admin.PostAsJsonAsync("/api/v1/admin/servers/999999/suspend", new { reason = "Spam" });
        var notSuspended = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/unsuspend", new { reason = "Spam" });
        var kill = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/power", new { action = "kill", reason = "Stuck" });
        var powerNoReason = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/power", new { action = "stop" });

        foreach (var response in new[] { noReason, blank, tooLong, powerNoReason })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("reason of 1 to 500 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notSuspended.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, kill.StatusCode);
        Assert.Contains("start, stop, restart", await kill.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ServerStatus.Running, (await Servers.GetAsync(factory, serverId)).Status);
    }
}
