using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Billing;

public sealed class OrderJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    /// <summary>From the pricing page to checkout as a visitor: sign up and confirm on the way without losing the choice.</summary>
    private async Task<string> VisitorReachesCheckoutAsync(string serverName)
    {
        var email = $"visitor-{Guid.NewGuid():N}@example.test";
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/pricing");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Order Game S" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/order\\?plan=game-small"));
        await Page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(Page.Locator("[data-testid=order-summary]")).ToContainTextAsync("Minecraft (Paper)");
        var name = Page.Locator("[data-testid=order-name]");
        await name.FillAsync(serverName);
        await name.PressAsync("Tab");
        await Assertions.Expect(Page.Locator("[data-testid=order-summary]")).ToContainTextAsync(serverName);
        await Page.Locator("[data-testid=order-continue]").ClickAsync();

        await Page.WaitForURLAsync(new Regex("/Account/Login"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).Last.ClickAsync();
        await Account.SubmitSignUpFormAsync("Visitor", email, Password);

        await ConfirmEmailAsync(email);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).Last.ClickAsync();
        await Account.SubmitLogInFormAsync(email, Password);

        // Back on the order page with the choice intact.
        await Page.WaitForURLAsync(new Regex("/order\\?"));
        await Page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(Page.Locator("[data-testid=order-summary]")).ToContainTextAsync(serverName);
        await Page.Locator("[data-testid=order-continue]", new() { HasText = "Continue to payment" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/invoices/\\d+$"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=invoice-total]")).ToHaveTextAsync(new Regex("8[.,]32"));
        return email;
    }

    [Fact]
    public async Task A_visitor_picks_a_minecraft_plan_signs_up_pays_with_the_test_card_and_sees_the_server_running()
    {
        await VisitorReachesCheckoutAsync("Creeper Farm");

        await Page.Locator("[data-testid=card-number]").FillAsync("4242 4242 4242 4242");
        await Page.Locator("[data-testid=pay]").ClickAsync();

        await Page.WaitForURLAsync(new Regex("/servers/\\d+$"));
        await Page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(Page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/billing");
        await Assertions.Expect(Page.Locator("[data-testid=invoice-table]")).ToContainTextAsync("Paid");
    }

    [Fact]
    public async Task A_declined_card_shows_a_clear_message_and_no_server_is_created()
    {
        await VisitorReachesCheckoutAsync("Never Built");

        await Page.Locator("[data-testid=card-number]").FillAsync("4000 0000 0000 0002");
        await Page.Locator("[data-testid=pay]").ClickAsync();

        await Assertions.Expect(Page.Locator("[data-testid=pay-message]")).ToContainTextAsync("Your card was declined");
        await Assertions.Expect(Page.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Awaiting payment");
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/");
        await Page.GetByText("You have no servers yet").WaitForAsync();
    }
}
