using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.EndToEndTests.Features.Consoles;

public sealed class ConsoleJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Console-Passw0rd-1";
    private readonly PortalServer portal = new();
    private readonly List<IBrowserContext> contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        portal.Dispose();
    }

    [Fact]
    public async Task A_customer_watches_the_boot_log_and_runs_list_and_support_opens_the_same_console_with_a_reason()
    {
        var customer = await CreateAccountAsync(Roles.Customer);
        var server = await RunningServers.CreateAsync(portal.Services, customer);
        var customerPage = await NewPageAsync();
        await new AccountPages(customerPage, portal.BaseUrl).LogInAsync(customer, Password);
        var console = new ConsolePages(customerPage, portal.BaseUrl);

        await console.OpenAsync(server.Id);
        await console.WaitForOutputAsync("Starting minecraft server version");
        await console.WaitForOutputAsync("For help, type");
        await console.TypeCommandAsync("list");
        await console.WaitForOutputAsync("There are 0 of a max of 20 players online");

        var support = await CreateAccountAsync(Roles.Support);
        var key = await EnableTwoFactorAsync(support);
        var supportPage = await NewPageAsync();
        var supportAccount = new AccountPages(supportPage, portal.BaseUrl);
        await supportAccount.LogInAsync(support, Password);
        await supportAccount.EnterTwoFactorCodeAsync(key);
        var supportConsole = new ConsolePages(supportPage, portal.BaseUrl);
        await supportConsole.OpenAsSupportAsync(customer, server.Id, "Customer ticket 4711: lag spikes");
        await supportConsole.WaitForOutputAsync("Starting minecraft server version");
        await supportConsole.TypeCommandAsync("list");
        await supportConsole.WaitForOutputAsync("There are 0 of a max of 20 players online");

        await customerPage.Locator("[data-testid=support-notice]", new() { HasText = "Customer ticket 4711: lag spikes" }).WaitForAsync();
        await customerPage.GotoAsync($"{portal.BaseUrl}/Account/Manage/Activity");
        await customerPage.GetByText("Support opened your console: Customer ticket 4711: lag spikes").WaitForAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    private async Task<string> CreateAccountAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        await using var scope = portal.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().CreateAsync(email, "", role, Password, "test");
        Assert.True(result.Succeeded, result.Message);
        return email;
    }

    private async Task<string> EnableTwoFactorAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }
}
