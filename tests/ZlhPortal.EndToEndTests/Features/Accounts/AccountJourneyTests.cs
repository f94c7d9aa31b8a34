using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Accounts;

public sealed class AccountJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly PortalServer portal = new();
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        context = await browser.Browser.NewContextAsync();
        page = await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        portal.Dispose();
    }

    [Fact]
    public async Task A_new_user_signs_up_confirms_logs_in_enables_two_factor_and_logs_in_with_a_code()
    {
        var account = new AccountPages(page, portal.BaseUrl);
        var email = $"player-{Guid.NewGuid():N}@example.test";
        const string password = "Player-Passw0rd-1";

        await account.SignUpAsync("Player One", email, password);
        await account.OpenConfirmationLinkAsync(await portal.WaitForEmailAsync(email, "Confirm"));
        await account.LogInAsync(email, password);
        await page.GetByText("You have no servers yet").WaitForAsync();
        Assert.Equal("Player One", await page.Locator("[data-testid=account-name]").InnerTextAsync());

        await page.GotoAsync($"{portal.BaseUrl}/Account/Manage/TwoFactorAuthentication");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add authenticator app" }).ClickAsync();
        var key = await account.CompleteAuthenticatorSetupAsync();

        await page.GotoAsync($"{portal.BaseUrl}/");
        await account.LogOutAsync();
        await account.LogInAsync(email, password);
        await account.EnterTwoFactorCodeAsync(key);

        await page.GetByText("You have no servers yet").WaitForAsync();
        await page.GotoAsync($"{portal.BaseUrl}/Account/Manage/Activity");
        await page.GetByText("Logged in with password and authenticator code.").WaitForAsync();
        await page.GetByText("Two-factor authentication turned on.").WaitForAsync();
    }

    [Fact]
    public async Task The_seeded_admin_is_made_to_set_up_two_factor_and_then_reaches_the_jobs_dashboard()
    {
        var account = new AccountPages(page, portal.BaseUrl);

        await account.LogInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.GotoAsync($"{portal.BaseUrl}/admin/jobs");
        await page.WaitForURLAsync(new Regex("/Account/Manage/EnableAuthenticator"));
        await page.GetByText("Staff accounts must use two-factor authentication").WaitForAsync();
        await account.CompleteAuthenticatorSetupAsync();

        await page.GotoAsync($"{portal.BaseUrl}/admin");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Admin overview" }).WaitForAsync();
        var jobs = await page.GotoAsync($"{portal.BaseUrl}/admin/jobs");

        Assert.Equal(200, jobs!.Status);
        await page.WaitForURLAsync(new Regex("/admin/jobs"));
        Assert.Contains("Hangfire", await page.ContentAsync());
    }
}
