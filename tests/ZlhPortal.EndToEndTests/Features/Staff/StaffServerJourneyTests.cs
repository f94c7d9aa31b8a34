using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Staff;

public sealed class StaffServerJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task An_admin_opens_a_customers_server_suspends_it_with_a_reason_the_customer_reads_and_lifts_it_from_the_servers_list()
    {
        var email = await CreateAccountAsync("owner", "Owner");
        var serverId = await CreateServerAsync(email, "Suspicious World");

        var admin = await SignInAsAdminAsync();
        await admin.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        await Assertions.Expect(admin.Locator("[data-testid=staff-banner]")).ToContainTextAsync($"You are viewing {email}'s server as an admin");
        await Assertions.Expect(admin.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await Assertions.Expect(admin.Locator("[data-testid=delete-server]")).ToHaveCountAsync(0);

        await admin.Locator("[data-testid=staff-suspend]").ClickAsync();
        var confirm = admin.Locator("[data-testid=confirm-staff-action]");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await admin.Locator("[data-testid=staff-reason]").FillAsync("Abuse report 77: open proxy");
        await confirm.ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Suspended", new() { Timeout = 30_000 });
        await Assertions.Expect(admin.Locator("[data-testid=staff-unsuspend]")).ToBeVisibleAsync();

        var customer = await NewBrowserPageAsync();
        await SignInAsync(email, customer);
        await customer.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        await Assertions.Expect(customer.Locator("[data-testid=staff-suspended]")).ToHaveTextAsync("Suspended by staff: Abuse report 77: open proxy. Contact support.");
        await Assertions.Expect(customer.Locator("[data-testid=staff-visits]")).ToContainTextAsync("Opened this server's page: viewing.");
        await Assertions.Expect(customer.Locator("[data-testid=staff-banner]")).ToHaveCountAsync(0);

        // The admin servers list lifts it, again with a reason; the customer's page follows without a reload.
        await admin.GotoInteractiveAsync($"{Portal.BaseUrl}/admin/servers");
        await admin.Locator($"[data-testid=unsuspend-{serverId}]").ClickAsync();
        await admin.Locator("[data-testid=staff-reason]").FillAsync("Proxy closed by the customer");
        await admin.Locator("[data-testid=confirm-staff-action]").ClickAsync();
        await Assertions.Expect(customer.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        await Assertions.Expect(customer.Locator("[data-testid=staff-suspended]")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.Locator($"[data-testid=suspend-{serverId}]")).ToBeVisibleAsync();
    }
}
