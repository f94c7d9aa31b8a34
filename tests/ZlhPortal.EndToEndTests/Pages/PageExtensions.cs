using Microsoft.Playwright;

namespace ZlhPortal.EndToEndTests.Pages;

public static class PageExtensions
{
    /// <summary>Navigates and waits until the Blazor circuit is live, so clicks reach the server.</summary>
    public static async Task GotoInteractiveAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}
