using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ZlhPortal.EndToEndTests.Pages;

/// <summary>The console page and the support desk's way to it: what a person does there.</summary>
public sealed class ConsolePages(IPage page, string baseUrl)
{
    private ILocator Terminal => page.Locator("[data-testid=console-terminal] .xterm-rows");

    public async Task OpenAsync(int serverId)
    {
        await page.GotoAsync($"{baseUrl}/servers/{serverId}/console");
        await WaitForStateAsync("connected");
    }

    /// <summary>As a keyboard user finds it: the console button of the server's row on the server list, then Enter.</summary>
    public async Task OpenFromServerListAsync(int serverId)
    {
        await page.GotoAsync($"{baseUrl}/");
        var link = page.Locator($"a[href='/servers/{serverId}/console'][data-testid=row-console]");
        await link.FocusAsync();
        await link.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"/servers/{serverId}/console$"));
        await WaitForStateAsync("connected");
    }

    public Task WaitForStateAsync(string state) =>
        page.Locator($"[data-testid=console-state][data-state={state}]").WaitForAsync(new() { Timeout = 20_000 });

    /// <summary>Waits until the terminal shows <paramref name="text"/> (xterm renders its rows as DOM text).</summary>
    public Task WaitForOutputAsync(string text) =>
        Terminal.GetByText(text, new() { Exact = false }).First.WaitForAsync(new() { Timeout = 20_000 });

    public async Task TypeCommandAsync(string command)
    {
        await page.FillAsync("[data-testid=console-input]", command);
        await page.PressAsync("[data-testid=console-input]", "Enter");
    }

    /// <summary>On the support desk: finds the customer, lists their servers, gives a reason and opens the console.</summary>
    public async Task OpenAsSupportAsync(string customerEmail, int serverId, string reason)
    {
        await page.GotoAsync($"{baseUrl}/support");
        // The search reacts only once the page is interactive (its circuit connected), not in the prerendered HTML.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var search = page.GetByLabel("Email or name");
        await search.FillAsync(customerEmail);
        await search.PressAsync("Enter");
        await page.Locator("[data-testid=show-servers]").First.ClickAsync();
        await page.GetByLabel("Reason for opening a console").FillAsync(reason);
        var row = page.Locator("tr", new() { Has = page.Locator($"td:text-is('{serverId}')") });
        await row.Locator("[data-testid=open-console]").ClickAsync();
        // Blazor follows the link inside the page (no load event), so wait for the address itself.
        await page.WaitForURLAsync(new Regex($"/servers/{serverId}/console\\?reason="), new() { WaitUntil = WaitUntilState.Commit });
        await WaitForStateAsync("connected");
    }
}
