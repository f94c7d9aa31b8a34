using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;

namespace ZlhPortal.EndToEndTests.Features.Accounts;

public sealed class AccountJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_new_user_signs_up_confirms_logs_in_enables_two_factor_and_logs_in_with_a_code()
    {
        var email = $"player-{Guid.NewGuid():N}@example.test";
        const string password = "Player-Passw0rd-1";

        await Account.SignUpAsync("Player One", email, password);
        await ConfirmEmailAsync(email);
        await Account.LogInAsync(email, password);
        await Page.GetByText("You have no servers yet").WaitForAsync();
        Assert.Equal("Player One", await Page.Locator("[data-testid=account-name]").InnerTextAsync());

        await Page.GotoAsync($"{Portal.BaseUrl}/Account/Manage/TwoFactorAuthentication");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Add authenticator app" }).ClickAsync();
        var key = await Account.CompleteAuthenticatorSetupAsync();

        await Page.GotoAsync($"{Portal.BaseUrl}/");
        await Account.LogOutAsync();
        await Account.LogInAsync(email, password);
        await Account.EnterTwoFactorCodeAsync(key);

        await Page.GetByText("You have no servers yet").WaitForAsync();
        await Page.GotoAsync($"{Portal.BaseUrl}/Account/Manage/Activity");
        await Page.GetByText("Logged in with password and authenticator code.").WaitForAsync();
        await Page.GetByText("Two-factor authentication turned on.").WaitForAsync();
    }

    [Fact]
    public async Task The_seeded_admin_is_made_to_set_up_two_factor_and_then_reaches_the_jobs_dashboard()
    {
        await Account.LogInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await Page.GotoAsync($"{Portal.BaseUrl}/admin/jobs");
        await Page.WaitForURLAsync(new Regex("/Account/Manage/EnableAuthenticator"));
        await Page.GetByText("Staff accounts must use two-factor authentication").WaitForAsync();
        await Account.CompleteAuthenticatorSetupAsync();

        await Page.GotoAsync($"{Portal.BaseUrl}/admin");
        await Page.GetByRole(AriaRole.Heading, new() { Name = "Admin overview" }).WaitForAsync();
        var jobs = await Page.GotoAsync($"{Portal.BaseUrl}/admin/jobs");

        Assert.Equal(200, jobs!.Status);
        await Page.WaitForURLAsync(new Regex("/admin/jobs"));
        Assert.Contains("Hangfire", await Page.ContentAsync());
    }
}
