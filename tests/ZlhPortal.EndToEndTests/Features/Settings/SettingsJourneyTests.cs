using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Settings;

public sealed class SettingsJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_customer_changes_the_motd_in_the_settings_tab_confirms_the_restart_and_sees_it_in_the_server_s_status()
    {
        var email = await CreateAccountAsync("builder", "Builder");
        var serverId = await CreateServerAsync(email, "Castle World", "game-small", "minecraft-paper");

        await SignInAsync(email);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        var chip = Page.Locator("[data-testid=status-chip]");
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 60_000 });

        // The settings come from the game's own files; a saved change waits for a restart the customer confirms.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        var motd = Page.Locator("[data-testid=setting-motd]");
        await Assertions.Expect(motd).ToHaveValueAsync("A ZeroLagHub server", new() { Timeout = 30_000 });
        await motd.FillAsync("Welcome to Castle World");
        await Page.Locator("[data-testid=save-settings]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=restart-required]")).ToContainTextAsync("Restart needed");
        await Page.Locator("[data-testid=restart-to-apply]").ClickAsync();
        await Page.Locator("[data-testid=confirm-restart]").ClickAsync();
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("[data-testid=restart-required]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // The game runs with it: its status on the overview says so.
        // The tab bar scrolls on a narrow screen (Overview is out of sight next to Settings); the tab's scroll arrow brings it back.
        await Page.Locator(".mud-tabs-scroll-button").First.ClickAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Overview" }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=live-motd]")).ToHaveTextAsync("Welcome to Castle World", new() { Timeout = 30_000 });
    }
}
