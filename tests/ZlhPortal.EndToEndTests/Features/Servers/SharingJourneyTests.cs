using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Servers;

public sealed partial class SharingJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task An_owner_invites_a_friend_who_accepts_by_email_opens_the_console_and_cannot_delete_the_server()
    {
        var ownerEmail = await CreateAccountAsync("owner", "Owner");
        var friendEmail = await CreateAccountAsync("friend", "Friend");
        var serverId = await CreateServerAsync(ownerEmail, "Shared World", "game-medium", "minecraft-paper");

        // The owner invites the friend from the server's Sharing tab (console and start/stop are ticked by default).
        await SignInAsync(ownerEmail);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        await Assertions.Expect(Page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Sharing" }).ClickAsync();
        await Page.Locator("[data-testid=share-email]").FillAsync(friendEmail);
        await Page.Locator("[data-testid=share-invite]").ClickAsync();
        var row = Page.Locator("[data-testid=share-row]", new() { HasText = friendEmail });
        await Assertions.Expect(row).ToContainTextAsync("Invited");
        await Assertions.Expect(row).ToContainTextAsync("console and power");

        // The friend, at their own computer, opens the mailed link, accepts, and lands on the server.
        var friend = await NewBrowserPageAsync();
        await SignInAsync(friendEmail, friend);
        var mail = await Portal.WaitForEmailAsync(friendEmail, "shared");
        var link = WebUtility.HtmlDecode(AcceptLink().Match(mail.HtmlBody ?? "").Groups[1].Value);
        await friend.GotoInteractiveAsync(link);
        await Assertions.Expect(friend.Locator("[data-testid=invitation-server]")).ToHaveTextAsync("Shared World");
        await friend.Locator("[data-testid=accept-invitation]").ClickAsync();
        await friend.WaitForURLAsync(new Regex($"/servers/{serverId}$"));
        await Assertions.Expect(friend.Locator("[data-testid=shared-notice]")).ToContainTextAsync(ownerEmail);

        // What the friend was not given is not offered: no delete, no reinstall, no backups, no sharing.
        await Assertions.Expect(friend.Locator("[data-testid=open-console]")).ToBeVisibleAsync();
        await Assertions.Expect(friend.Locator("[data-testid=delete-server]")).ToHaveCountAsync(0);
        await Assertions.Expect(friend.Locator("[data-testid=reinstall-server]")).ToHaveCountAsync(0);
        await Assertions.Expect(friend.GetByRole(AriaRole.Tab, new() { Name = "Backups" })).ToHaveCountAsync(0);
        await Assertions.Expect(friend.GetByRole(AriaRole.Tab, new() { Name = "Sharing" })).ToHaveCountAsync(0);

        // The console works for them.
        await friend.Locator("[data-testid=open-console]").ClickAsync();
        var console = new ConsolePages(friend, Portal.BaseUrl);
        await console.WaitForStateAsync("connected");
        await console.TypeCommandAsync("list");
        await console.WaitForOutputAsync("players online");

        // The owner sees the invitation accepted.
        await Page.ReloadAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Sharing" }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=share-row]", new() { HasText = friendEmail })).ToContainTextAsync("Accepted");
    }

    [GeneratedRegex("href=\"([^\"]*/shares/accept[^\"]*)\"")]
    private static partial Regex AcceptLink();
}
