using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Servers;

public sealed class BackupJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_customer_opens_the_console_from_the_server_page_backs_up_restores_and_reads_both_in_the_history()
    {
        var email = await CreateAccountAsync("keeper", "Keeper");
        var serverId = await CreateServerAsync(email, "Castle World", "game-medium", "minecraft-paper");

        await SignInAsync(email);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        var chip = Page.Locator("[data-testid=status-chip]");
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 60_000 });

        // The console is one click from the server page.
        await Page.Locator("[data-testid=open-console]").ClickAsync();
        await Page.WaitForURLAsync(new Regex($"/servers/{serverId}/console$"), new() { WaitUntil = WaitUntilState.Commit });
        await Page.Locator("[data-testid=console-state][data-state=connected]").WaitForAsync();
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");

        // A named backup, made and listed with its size.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Backups" }).ClickAsync();
        await Page.Locator("[data-testid=backup-name]").FillAsync("Before the raid");
        await Page.Locator("[data-testid=backup-notes]").FillAsync("Walls finished, moat still dry");
        await Page.Locator("[data-testid=create-backup]").ClickAsync();
        var backup = Page.Locator("[data-testid=backup-row]", new() { HasText = "Before the raid" });
        await Assertions.Expect(backup).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.Locator("[data-testid=backup-slots]")).ToHaveTextAsync("1 of 2 backup slots used");
        await Assertions.Expect(backup).ToContainTextAsync("Walls finished, moat still dry");

        // Restoring asks first, then runs like a setup and leaves a safety backup of what it replaced.
        await Assertions.Expect(backup.Locator("[data-testid=restore-backup]")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await backup.Locator("[data-testid=restore-backup]").ClickAsync();
        await Page.Locator("[data-testid=confirm-restore]").ClickAsync();
        await Assertions.Expect(chip).ToHaveTextAsync("Restoring", new() { Timeout = 30_000 });
        await Assertions.Expect(chip).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("[data-testid=backup-row]", new() { HasText = "Before restoring Before the raid" }))
            .ToHaveAttributeAsync("data-state", "Ready");

        // The history tells both, newest first.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        var texts = Page.Locator("[data-testid=history-text]");
        await Assertions.Expect(texts.First).ToHaveTextAsync("Restored and running.");
        var lines = await texts.AllInnerTextsAsync();
        Assert.Contains("Backup 'Before the raid' requested.", lines);
        Assert.Contains(lines, l => l.StartsWith("Restore of backup 'Before the raid'", StringComparison.Ordinal));
        Assert.True(lines.ToList().IndexOf("Restored and running.") < lines.ToList().IndexOf("Backup 'Before the raid' requested."));
    }
}
