using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Billing;

public sealed partial class OrderJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Password = "Visitor-Passw0rd-1";
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

    /// <summary>From the pricing page to checkout as a visitor: sign up and confirm on the way without losing the choice.</summary>
    private async Task<string> VisitorReachesCheckoutAsync(string serverName)
    {
        var email = $"visitor-{Guid.NewGuid():N}@example.test";
        await page.GotoInteractiveAsync($"{portal.BaseUrl}/pricing");
        await page.GetByRole(AriaRole.Link, new() { Name = "Order Game S" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/order\\?plan=game-small"));
        await page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=order-summary]")).ToContainTextAsync("Minecraft (Paper)");
        var name = page.Locator("[data-testid=order-name]");
        await name.FillAsync(serverName);
        await name.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=order-summary]")).ToContainTextAsync(serverName);
        await page.Locator("[data-testid=order-continue]").ClickAsync();

        await page.WaitForURLAsync(new Regex("/Account/Login"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).Last.ClickAsync();
        await page.FillAsync("#Input\\.DisplayName", "Visitor");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.FillAsync("#Input\\.ConfirmPassword", Password);
        await page.CheckAsync("#Input\\.AcceptTerms");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByText("Check your email").First.WaitForAsync();

        var confirmation = await portal.WaitForEmailAsync(email, "Confirm");
        await page.GotoAsync(WebUtility.HtmlDecode(ConfirmLink().Match(confirmation.HtmlBody ?? "").Groups[1].Value));
        await page.GetByText("Thank you for confirming your email").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).Last.ClickAsync();
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", Password);
        await page.Locator("form button[type=submit]", new() { HasText = "Log in" }).ClickAsync();

        // Back on the order page with the choice intact.
        await page.WaitForURLAsync(new Regex("/order\\?"));
        await page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=order-summary]")).ToContainTextAsync(serverName);
        await page.Locator("[data-testid=order-continue]", new() { HasText = "Continue to payment" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/invoices/\\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=invoice-total]")).ToHaveTextAsync(new Regex("8[.,]32"));
        return email;
    }

    [Fact]
    public async Task A_visitor_picks_a_minecraft_plan_signs_up_pays_with_the_test_card_and_sees_the_server_running()
    {
        await VisitorReachesCheckoutAsync("Creeper Farm");

        await page.Locator("[data-testid=card-number]").FillAsync("4242 4242 4242 4242");
        await page.Locator("[data-testid=pay]").ClickAsync();

        await page.WaitForURLAsync(new Regex("/servers/\\d+$"));
        await page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await page.GotoInteractiveAsync($"{portal.BaseUrl}/billing");
        await Assertions.Expect(page.Locator("[data-testid=invoice-table]")).ToContainTextAsync("Paid");
    }

    [Fact]
    public async Task A_declined_card_shows_a_clear_message_and_no_server_is_created()
    {
        await VisitorReachesCheckoutAsync("Never Built");

        await page.Locator("[data-testid=card-number]").FillAsync("4000 0000 0000 0002");
        await page.Locator("[data-testid=pay]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=pay-message]")).ToContainTextAsync("Your card was declined");
        await Assertions.Expect(page.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Awaiting payment");
        await page.GotoInteractiveAsync($"{portal.BaseUrl}/");
        await page.GetByText("You have no servers yet").WaitForAsync();
    }

    [GeneratedRegex("href=\"([^\"]*ConfirmEmail[^\"]*)\"")]
    private static partial Regex ConfirmLink();
}
