using System.Net.Http.Json;
using System.Net;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Staff;

/// <summary>The server page as staff see a customer's server, and as the customer sees that staff looked.</summary>
public sealed class StaffServerPageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<(string Email, int ServerId)> CustomerWithServerAsync(string name)
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        return (email, (await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: name), ServerStatus.Running)).Id);
    }

    private async Task<(string Email, PortalClient Client)> SignedInStaffAsync(string role)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        var key = await AccountJourney.EnableTwoFactorAsync(factory, email);
        var client = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(client, email, key);
        return (email, client);
    }

    private static async Task<string> PageAsync(PortalClient client, int serverId)
    {
        var response = await client.GetAsync($"/servers/{serverId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_customer_opening_another_customers_server_still_finds_nothing()
    {
        var (_, serverId) = await CustomerWithServerAsync("Not Yours");
        var other = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, other);

        var html = await PageAsync(client, serverId);

        Assert.Contains("Page not found", html);
        Assert.DoesNotContain("Not Yours", html);
        Assert.DoesNotContain("staff-banner", html);
    }

    [Fact]
    public async Task Staff_without_two_factor_are_sent_to_set_it_up_instead_of_seeing_the_server()
    {
        var (_, serverId) = await CustomerWithServerAsync("Guarded");
        var support = await AccountJourney.CreateAsync(factory, "Support");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, support);

        var response = await client.GetAsync($"/servers/{serverId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Support_sees_a_customers_server_read_only_and_the_customer_sees_who_looked()
    {
        var (owner, serverId) = await CustomerWithServerAsync("Looked At");
        var ownerId = await Servers.UserIdAsync(factory, owner);
        var (supportEmail, support) = await SignedInStaffAsync("Support");

        var html = await PageAsync(support, serverId);
        await PageAsync(support, serverId);

        Assert.Contains("Looked At", html);
        Assert.Contains($"You are viewing {owner}'s server as support staff. Actions need a reason and are shown to the customer.", html);
        Assert.Contains($"/admin/customers/{ownerId}", html);
        Assert.Contains("data-testid=\"staff-restart\"", html);
        Assert.Contains("data-testid=\"staff-console\"", html);
        foreach (var customerOnly in new[] { "staff-suspend", "delete-server", "reinstall-server", "power-start", "open-console", "tab-files", "tab-settings", "tab-sharing", "tab-schedules", "leave-share" })
        {
            Assert.DoesNotContain($"data-testid=\"{customerOnly}\"", html);
        }

        var activity = await StaffClients.ActivityPageAsync(factory, owner);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(activity, System.Text.RegularExpressions.Regex.Escape($"Support ({supportEmail}) opened the page of \"Looked At\" (viewing).")));
        using var customer = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(customer, owner);
        var customerPage = await PageAsync(customer, serverId);
        Assert.Contains("Staff access in the last 24 hours", customerPage);
        Assert.Matches($@"Support \({System.Text.RegularExpressions.Regex.Escape(supportEmail)}\) at \d\d:\d\d UTC: Opened this server's page: viewing\.", customerPage);
        Assert.DoesNotContain("staff-banner", customerPage);
    }

    [Fact]
    public async Task An_admin_may_suspend_from_the_page_and_the_customer_reads_why()
    {
        var (owner, serverId) = await CustomerWithServerAsync("Suspect");
        var (adminEmail, admin) = await SignedInStaffAsync("Admin");
        using var adminApi = await AccountJourney.ApiClientAsync(factory, adminEmail);

        var html = await PageAsync(admin, serverId);
        Assert.Contains("data-testid=\"staff-suspend\"", html);
        Assert.Contains($"You are viewing {owner}'s server as an admin.", html);
        Assert.Equal(HttpStatusCode.Accepted, (await adminApi.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/suspend", new { reason = "Crypto mining" })).StatusCode);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);

        using var customer = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(customer, owner);
        var customerPage = await PageAsync(customer, serverId);
        Assert.Contains("Suspended by staff: Crypto mining. <a", customerPage);
        Assert.Contains($"href=\"/support/tickets/new?serverId={serverId}\"", customerPage);
        Assert.DoesNotContain("settle your invoices", customerPage);
        Assert.Contains("data-testid=\"staff-unsuspend\"", await PageAsync(admin, serverId));
    }
}
