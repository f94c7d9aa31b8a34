using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Components.Layout;

public sealed class MainLayoutTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task The_card_number_waits_for_the_page_to_connect_and_what_is_typed_then_is_paid_with()
    {
        var email = await CreateAccountAsync("early");
        await SignInAsync(email);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/order?plan=game-small");
        await Page.Locator("[data-testid=order-name]").FillAsync("Quick Typist");
        await Page.Locator("[data-testid=order-name]").PressAsync("Tab");
        await Page.Locator("[data-testid=order-continue]", new() { HasText = "Continue to payment" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/invoices/\\d+$"));
        var checkout = Page.Url;

        // The checkout as it first arrives in a new tab: prerendered, its circuit not started yet.
        var gate = await CircuitGate.CloseOnAsync(Page);
        await Page.GotoAsync(checkout);
        var card = Page.Locator("[data-testid=card-number]");
        var connecting = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connecting…" });
        await Assertions.Expect(card).ToBeDisabledAsync();
        await Assertions.Expect(Page.Locator("[data-testid=pay]")).ToBeDisabledAsync();
        await Assertions.Expect(connecting).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-circuit=pending]")).ToBeAttachedAsync();

        gate.Open();
        await Assertions.Expect(card).ToBeEnabledAsync();
        await Assertions.Expect(connecting).ToBeHiddenAsync();
        await card.FillAsync("4242 4242 4242 4242");
        // Leaving the field hands the number to the page, which renders again; the number stays.
        await card.PressAsync("Tab");
        await Assertions.Expect(card).ToHaveValueAsync("4242 4242 4242 4242");
        await Page.Locator("[data-testid=pay]").ClickAsync();

        await Page.WaitForURLAsync(new Regex("/servers/\\d+$"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Quick Typist" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Links_work_while_a_page_connects_and_the_log_in_page_needs_no_circuit()
    {
        var email = await CreateAccountAsync("patient");
        var gate = await CircuitGate.CloseOnAsync(Page);
        await Page.GotoAsync($"{Portal.BaseUrl}/pricing");
        var connecting = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Connecting…" });
        await Assertions.Expect(connecting).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).First.ClickAsync();
        await Page.WaitForURLAsync(new Regex("/Account/Login"));
        await Assertions.Expect(Page.Locator("#Input\\.Email")).ToBeEnabledAsync();
        await Assertions.Expect(Page.Locator("#Input\\.Password")).ToBeEnabledAsync();
        await Assertions.Expect(connecting).ToBeHiddenAsync();
        await Account.SubmitLogInFormAsync(email, Password);

        // Signed in, on an interactive page again: it waits for its circuit, then the customer can use it.
        await Page.WaitForURLAsync(new Regex($"^{Regex.Escape(Portal.BaseUrl)}/$"));
        await Assertions.Expect(connecting).ToBeVisibleAsync();
        gate.Open();
        await Assertions.Expect(connecting).ToBeHiddenAsync();
        await Page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Page.GetByText("You have no servers yet").WaitForAsync();
    }
}
