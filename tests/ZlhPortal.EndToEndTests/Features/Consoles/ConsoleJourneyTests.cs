using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.EndToEndTests.Features.Consoles;

public sealed class ConsoleJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_customer_watches_the_boot_log_and_runs_list_and_support_opens_the_same_console_with_a_reason()
    {
        var customer = await CreateAccountAsync("customer");
        var server = await RunningServers.CreateAsync(Portal.Services, customer);
        var customerPage = Page;
        await SignInAsync(customer);
        var console = new ConsolePages(customerPage, Portal.BaseUrl);

        await console.OpenFromServerListAsync(server.Id);
        // Navigation gives the page's heading the focus (for screen readers) without drawing a frame around it.
        var heading = customerPage.Locator("h1").First;
        await Assertions.Expect(heading).ToBeFocusedAsync();
        Assert.Equal("none", await heading.EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));
        await console.WaitForOutputAsync("Starting minecraft server version");
        await console.WaitForOutputAsync("For help, type");
        await console.TypeCommandAsync("list");
        await console.WaitForOutputAsync("There are 0 of a max of 20 players online");

        var support = await CreateAccountAsync("support", role: Roles.Support);
        var key = await EnableTwoFactorAsync(support);
        var supportPage = await NewBrowserPageAsync();
        var supportAccount = AccountPagesOn(supportPage);
        await supportAccount.LogInAsync(support, Password);
        await supportAccount.EnterTwoFactorCodeAsync(key);
        var supportConsole = new ConsolePages(supportPage, Portal.BaseUrl);
        await supportConsole.OpenAsSupportAsync(customer, server.Id, "Customer ticket 4711: lag spikes");
        await supportConsole.WaitForOutputAsync("Starting minecraft server version");
        await supportConsole.TypeCommandAsync("list");
        await supportConsole.WaitForOutputAsync("There are 0 of a max of 20 players online");

        await customerPage.Locator("[data-testid=support-notice]", new() { HasText = "Customer ticket 4711: lag spikes" }).WaitForAsync();
        await customerPage.GotoAsync($"{Portal.BaseUrl}/Account/Manage/Activity");
        await customerPage.GetByText("Support opened your console: Customer ticket 4711: lag spikes").WaitForAsync();
    }

    private async Task<string> EnableTwoFactorAsync(string email)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }
}
