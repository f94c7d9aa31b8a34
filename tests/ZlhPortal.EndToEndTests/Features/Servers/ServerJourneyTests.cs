using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Servers;

public sealed class ServerJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task An_admin_creates_a_server_the_customer_watches_it_come_up_controls_it_and_scripts_it_with_a_token()
    {
        var email = await CreateAccountAsync("gamer", "Gamer");

        // The customer is looking at an empty dashboard.
        var customer = Page;
        await SignInAsync(email, customer);
        await customer.GotoInteractiveAsync($"{Portal.BaseUrl}/");
        await customer.GetByText("You have no servers yet").WaitForAsync();

        // The admin creates a complimentary server for them.
        var admin = await SignInAsAdminAsync(await NewBrowserPageAsync());
        await admin.GotoInteractiveAsync($"{Portal.BaseUrl}/admin/servers");
        await admin.GetByText("Create a complimentary server for a customer").ClickAsync();
        await admin.Locator("[data-testid=create-owner]").FillAsync(email);
        await admin.Locator("[data-testid=create-template]").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Minecraft (Paper)" }).ClickAsync();
        await admin.Locator("[data-testid=create-plan]").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Game S (Game)" }).ClickAsync();
        await admin.Locator("[data-testid=create-name]").FillAsync("Survival Island");
        await admin.Locator("[data-testid=create-submit]").ClickAsync();
        await admin.GetByText($"is being set up for {email}").WaitForAsync();

        // Without reloading, the customer's dashboard shows it; its page shows the steps and then Running.
        await customer.GetByRole(AriaRole.Link, new() { Name = "Survival Island" }).ClickAsync();
        await customer.WaitForURLAsync(new Regex("/servers/\\d+$"));
        await customer.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await customer.Locator("[data-testid=step-ReserveVmid][data-state=Succeeded]").WaitForAsync();
        var chip = customer.Locator("[data-testid=status-chip]");
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        Assert.Equal(9, await customer.Locator("[data-testid^=step-][data-state=Succeeded]").CountAsync());
        Assert.Matches(":25565$", await customer.Locator("[data-testid=server-address]").InnerTextAsync());

        // What players type is the hostname (Minecraft finds its default port itself), with how to use it and a copy button.
        var playerAddress = await customer.Locator("[data-testid=player-address]").InnerTextAsync();
        Assert.Matches("^survival-island-\\d+\\.", playerAddress);
        await Assertions.Expect(customer.Locator("[data-testid=connect-help]")).ToContainTextAsync($"Add Server, and enter {playerAddress}");
        await Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Portal.BaseUrl });
        await customer.GetByRole(AriaRole.Button, new() { Name = "Copy the address players join" }).ClickAsync();
        await customer.GetByText("Copied.").WaitForAsync();
        Assert.Equal(playerAddress, await customer.EvaluateAsync<string>("navigator.clipboard.readText()"));
        Assert.EndsWith("/console", await customer.Locator("[data-testid=open-console]").GetAttributeAsync("href"));

        await customer.Locator("[data-testid=power-stop]").ClickAsync();
        await Assertions.Expect(chip).ToHaveTextAsync("Stopped", new() { Timeout = 30_000 });
        await customer.Locator("[data-testid=power-start]").ClickAsync();
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        // The page reads the game's own state from its agent while it is open.
        await Assertions.Expect(customer.Locator("[data-testid=runtime-state]")).ToContainTextAsync("running", new() { Timeout = 30_000 });

        // Reinstall asks first, snapshots, and comes back on the same address.
        var address = await customer.Locator("[data-testid=server-address]").InnerTextAsync();
        await customer.Locator("[data-testid=reinstall-server]").ClickAsync();
        await customer.Locator("[data-testid=confirm-reinstall]").ClickAsync();
        await customer.Locator("[data-testid=step-Snapshot][data-state=Succeeded]").WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        Assert.Equal(address, await customer.Locator("[data-testid=server-address]").InnerTextAsync());

        // A personal API token works for scripts.
        await customer.GotoAsync($"{Portal.BaseUrl}/Account/Manage/ApiTokens");
        await customer.FillAsync("#Input\\.Name", "my script");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await customer.Locator("#new-token").InnerTextAsync()).Trim();
        using var http = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var servers = await http.GetFromJsonAsync<JsonElement[]>("/api/v1/servers");
        var server = Assert.Single(servers!);
        Assert.Equal("Survival Island", server.GetProperty("name").GetString());
        Assert.Equal("Running", server.GetProperty("status").GetString());
    }
}
