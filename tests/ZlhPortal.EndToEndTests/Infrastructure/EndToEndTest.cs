using ZlhPortal.Web.Features.Servers.Lifecycle;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.EndToEndTests.Infrastructure;

/// <summary>
/// The one way into an end-to-end test: its own portal on Kestrel, a browser context and page on the class's shared
/// chromium, the account steps people take on it, and everything closed again after each test.
/// </summary>
public abstract class EndToEndTest(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    /// <summary>The password of every account <see cref="CreateAccountAsync"/> makes.</summary>
    protected const string Password = "Customer-Passw0rd-1";

    private readonly List<IBrowserContext> contexts = [];

    /// <summary>This test's own portal (its own database and mail folder), running before the test starts.</summary>
    protected PortalServer Portal { get; } = new();

    /// <summary>The browser of the person the test follows; anyone else gets their own from <see cref="NewBrowserPageAsync"/>.</summary>
    protected IBrowserContext Context { get; private set; } = default!;

    /// <summary>The first tab of <see cref="Context"/>.</summary>
    protected IPage Page { get; private set; } = default!;

    /// <summary>The account pages on <see cref="Page"/>.</summary>
    protected AccountPages Account => AccountPagesOn(Page);

    async Task IAsyncLifetime.InitializeAsync()
    {
        Context = await NewContextAsync();
        Page = await Context.NewPageAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
        finally
        {
            Portal.Dispose();
        }
    }

    /// <summary>A page in a browser context of its own (its own cookies): another person at another computer.</summary>
    protected async Task<IPage> NewBrowserPageAsync() => await (await NewContextAsync()).NewPageAsync();

    protected AccountPages AccountPagesOn(IPage page) => new(page, Portal.BaseUrl);

    /// <summary>An account made directly in the portal (email already confirmed, <see cref="Password"/>); returns its email.</summary>
    protected async Task<string> CreateAccountAsync(string emailPrefix, string displayName = "", string role = Roles.Customer)
    {
        var email = $"{emailPrefix}-{Guid.NewGuid():N}@example.test";
        await using var scope = Portal.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().CreateAsync(email, displayName, role, Password, "test");
        Assert.True(created.Succeeded, created.Message);
        return email;
    }

    /// <summary>A complimentary server of <paramref name="ownerEmail"/>'s, ordered as staff do (its setup then runs as any other); returns its id.</summary>
    protected async Task<int> CreateServerAsync(string ownerEmail, string name, string plan = "game-small", string template = "minecraft-paper")
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(ownerEmail);
        var created = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().CreateAsync(owner!.Id, plan, template, name, complimentary: true);
        Assert.True(created.Accepted, created.Message);
        return created.ServerId!.Value;
    }

    /// <summary>Logs <paramref name="email"/> in with <see cref="Password"/> on <paramref name="page"/> (<see cref="Page"/> unless given).</summary>
    protected Task SignInAsync(string email, IPage? page = null) => AccountPagesOn(page ?? Page).LogInAsync(email, Password);

    /// <summary>
    /// The seeded admin, signed in on <paramref name="page"/> (<see cref="Page"/> unless given), with the two-factor setup
    /// staff must finish before the staff pages; returns that page.
    /// </summary>
    protected async Task<IPage> SignInAsAdminAsync(IPage? page = null)
    {
        page ??= Page;
        var account = AccountPagesOn(page);
        await account.LogInAsync(PortalServer.AdminEmail, PortalServer.AdminPassword);
        await page.GotoAsync($"{Portal.BaseUrl}/Account/Manage/EnableAuthenticator");
        await account.CompleteAuthenticatorSetupAsync();
        return page;
    }

    /// <summary>On <see cref="Page"/>, opens the confirmation link the portal emailed to <paramref name="email"/> after sign-up.</summary>
    protected async Task ConfirmEmailAsync(string email) =>
        await Account.OpenConfirmationLinkAsync(await Portal.WaitForEmailAsync(email, "Confirm"));

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        contexts.Add(context);
        return context;
    }
}
