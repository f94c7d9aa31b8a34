using Microsoft.Playwright;

namespace ZlhPortal.Benchmarks.Circuits;

/// <summary>Debian's chromium driven by Playwright (never a downloaded browser), and a customer's sign-in through the login form.</summary>
internal static class PortalBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath(),
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });

    /// <summary>Signs in through the login form; the context keeps the cookie for the pages opened in it afterwards.</summary>
    public static async Task LogInAsync(IBrowserContext context, string baseUrl, string email, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.Locator("form button[type=submit]", new() { HasText = "Log in" }).ClickAsync();
        await page.GetByText("Your servers").WaitForAsync();
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
    }

    private static string ChromiumPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium not found on PATH (apt-get install chromium).");
}
