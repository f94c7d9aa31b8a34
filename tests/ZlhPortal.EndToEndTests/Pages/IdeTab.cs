using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ZlhPortal.EndToEndTests.Pages;

/// <summary>A dev server's IDE in its own tab (the simulator's stand-in for code-server): what a person does there.</summary>
public sealed class IdeTab(IPage page)
{
    private static readonly PageWaitForSelectorOptions Patient = new() { Timeout = 20_000 };

    public IPage Page => page;

    /// <summary>Clicks "Open IDE" on the server's page and returns the IDE tab once its file list has loaded.</summary>
    public static async Task<IdeTab> OpenFromServerPageAsync(IPage serverPage, int serverId)
    {
        var tab = await serverPage.Context.RunAndWaitForPageAsync(() => serverPage.Locator("[data-testid=open-ide]").ClickAsync());
        return await LoadedAsync(tab, serverId);
    }

    /// <summary>Clicks "Open the IDE" on the page an IDE link shows (whose IDE it is) and returns the IDE once loaded.</summary>
    public static async Task<IdeTab> OpenFromLinkPageAsync(IPage linkPage, int serverId)
    {
        await linkPage.GetByRole(AriaRole.Button, new() { Name = "Open the IDE" }).ClickAsync();
        return await LoadedAsync(linkPage, serverId);
    }

    private static async Task<IdeTab> LoadedAsync(IPage tab, int serverId)
    {
        await tab.WaitForURLAsync(new Regex($"^https?://{serverId}\\.ide\\.localhost:\\d+/$"), new() { Timeout = 20_000 });
        await tab.Locator("#files a").First.WaitForAsync(new() { Timeout = 20_000 });
        return new IdeTab(tab);
    }

    public async Task EditAndSaveAsync(string file, string content)
    {
        await page.Locator("#files a", new() { HasTextString = file }).ClickAsync();
        await page.Locator("#current", new() { HasTextString = file }).WaitForAsync();
        await page.FillAsync("#content", content);
        await page.ClickAsync("#save");
        await page.Locator("#status", new() { HasTextString = $"Saved {file}" }).WaitForAsync();
    }

    public async Task RunAsync(string command)
    {
        await page.FillAsync("#input", command);
        await page.PressAsync("#input", "Enter");
    }

    public Task WaitForTerminalAsync(string text) =>
        page.Locator("#output", new() { HasTextString = text }).WaitForAsync(new() { Timeout = 20_000 });
}
