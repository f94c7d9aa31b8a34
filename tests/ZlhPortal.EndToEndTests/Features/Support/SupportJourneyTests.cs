using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;

namespace ZlhPortal.EndToEndTests.Features.Support;

public sealed class SupportJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_customer_asks_about_a_server_support_answers_and_the_customer_reads_the_reply_and_gets_the_email()
    {
        var customerEmail = await CreateAccountAsync("customer", "Customer");
        var serverId = await CreateServerAsync(customerEmail, "Lagging World");

        // The customer opens a ticket from the server's page: the server comes attached.
        await SignInAsync(customerEmail);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        await Page.Locator("[data-testid=contact-support]").ClickAsync();
        await Page.WaitForURLAsync(new Regex($"/support/tickets/new\\?serverId={serverId}$"));
        await Page.Locator("[data-circuit=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(Page.Locator("[data-testid=ticket-server]")).ToContainTextAsync("Lagging World");
        await Page.Locator("[data-testid=ticket-subject]").FillAsync("Players time out every evening");
        await Page.Locator("[data-testid=ticket-body]").FillAsync("Around 20:00 everyone gets kicked.");
        await Page.Locator("[data-testid=attach-files]").SetInputFilesAsync(new FilePayload { Name = "latest.log", MimeType = "text/plain", Buffer = "Timed out"u8.ToArray() });
        await Assertions.Expect(Page.Locator("[data-testid=attached-file]")).ToContainTextAsync("latest.log");
        await Page.Locator("[data-testid=open-ticket]").ClickAsync();
        await Page.WaitForURLAsync(new Regex("/support/tickets/\\d+$"));
        var ticketUrl = Page.Url;
        await Assertions.Expect(Page.Locator("[data-testid=ticket-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(Page.Locator("[data-testid=ticket-server-link]")).ToHaveTextAsync("Lagging World");
        await Assertions.Expect(Page.Locator("[data-testid=attachment-link]")).ToContainTextAsync("latest.log");

        // Staff, at another computer, find it in the queue and answer.
        var staff = await SignInAsAdminAsync(await NewBrowserPageAsync());
        await staff.GotoInteractiveAsync($"{Portal.BaseUrl}/support/queue");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Players time out every evening" }).ClickAsync();
        await staff.WaitForURLAsync(ticketUrl);
        await Assertions.Expect(staff.Locator("[data-testid=staff-panel]")).ToContainTextAsync(customerEmail);
        await staff.Locator("[data-testid=reply-body]").FillAsync("We moved your server to a quieter node; try tonight.");
        await staff.Locator("[data-testid=send-reply]").ClickAsync();
        await Assertions.Expect(staff.Locator("[data-testid=ticket-status]")).ToHaveTextAsync("Waiting on customer");

        // The customer sees the reply on the ticket and got it by email with a link back.
        await Page.GotoInteractiveAsync(ticketUrl);
        await Assertions.Expect(Page.Locator("[data-testid=message-body]").Last).ToHaveTextAsync("We moved your server to a quieter node; try tonight.");
        await Assertions.Expect(Page.Locator("[data-testid=ticket-status]")).ToHaveTextAsync("Waiting on customer");
        var mail = await Portal.WaitForEmailAsync(customerEmail, "Reply to your ticket");
        Assert.Contains("We moved your server to a quieter node", mail.TextBody);
        Assert.Contains(new Uri(ticketUrl).AbsolutePath, mail.HtmlBody);
    }
}
