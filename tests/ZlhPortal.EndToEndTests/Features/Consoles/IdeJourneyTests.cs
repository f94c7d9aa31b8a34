using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;

namespace ZlhPortal.EndToEndTests.Features.Consoles;

public sealed class IdeJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_dev_customer_opens_the_ide_in_a_new_tab_edits_and_saves_a_file_and_runs_a_command_in_its_terminal()
    {
        var customer = await CreateAccountAsync("dev");

        var server = await RunningServers.CreateDevAsync(Portal.Services, customer);
        await SignInAsync(customer);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{server.Id}");

        var ide = await IdeTab.OpenFromServerPageAsync(Page, server.Id);
        await ide.EditAndSaveAsync("index.js", "console.log('edited in the IDE');\n");
        await ide.RunAsync("cat index.js");
        await ide.WaitForTerminalAsync("console.log('edited in the IDE');");

        // The IDE's origin is not the portal's, and both sides' cookies are host-only (no leading dot: no Domain).
        Assert.NotEqual(new Uri(Portal.BaseUrl).Host, new Uri(ide.Page.Url).Host);
        var cookies = await Context.CookiesAsync();
        Assert.Equal("localhost", cookies.Single(c => c.Name == "zlh.auth").Domain);
        Assert.Equal($"{server.Id}.ide.localhost", cookies.Single(c => c.Name == "zlh.ide" && c.HttpOnly).Domain);
        var ideRequests = (await AgentRequests.ReadAsync(Portal.Services, server.Vmid)).Where(r => r.GetProperty("port").GetInt32() != 18888).ToList();
        Assert.Contains(ideRequests, r => r.GetProperty("path").GetString() == "/terminal");
        Assert.All(ideRequests, r => Assert.DoesNotContain("zlh.", r.GetProperty("headers").ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_to_someone_elses_ide_says_whose_it_is_and_signs_the_browser_in_only_through_its_button()
    {
        var owner = await CreateAccountAsync("ide-owner");
        var server = await RunningServers.CreateDevAsync(Portal.Services, owner);
        var ticket = await Portal.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, readOnly: false, TicketPurpose.Ide);
        var link = $"http://{server.Id}.ide.localhost:{new Uri(Portal.BaseUrl).Port}{IdeProxy.EnterPath}?ticket={ticket.Token}";
        await SignInAsync(await CreateAccountAsync("recipient"));

        await Page.GotoAsync(link);

        await Page.GetByText("If you did not ask to open this IDE, close this page.").WaitForAsync();
        Assert.Contains(owner, await Page.Locator("body").InnerTextAsync());
        Assert.DoesNotContain(await Context.CookiesAsync([link]), c => c.Name == "zlh.ide");

        // Its button posts from the IDE host's own page, which the browser names in Origin despite the link's no-referrer.
        var ide = await IdeTab.OpenFromLinkPageAsync(Page, server.Id);
        Assert.Contains(await Context.CookiesAsync([ide.Page.Url]), c => c.Name == "zlh.ide");
    }

    [Fact]
    public async Task Cookies_an_ide_page_tosses_onto_the_parent_domain_leave_the_portal_session_alone()
    {
        var customer = await CreateAccountAsync("dev");

        var server = await RunningServers.CreateDevAsync(Portal.Services, customer);
        await SignInAsync(customer);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{server.Id}");
        var session = (await Context.CookiesAsync([Portal.BaseUrl])).Single(c => c.Name == "zlh.auth").Value;
        var ide = await IdeTab.OpenFromServerPageAsync(Page, server.Id);

        // Hostile customer code: Set-Cookie with Domain, a forged portal cookie and Clear-Site-Data, then the same from script.
        await ide.Page.GotoAsync(new Uri(new Uri(ide.Page.Url), "/cookie-toss").AbsoluteUri);
        await ide.Page.Locator("#result", new() { HasTextString = "tossed" }).WaitForAsync();
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{server.Id}");

        var portalCookies = await Context.CookiesAsync([Portal.BaseUrl]);
        Assert.Equal(session, portalCookies.Single(c => c.Name == "zlh.auth").Value);
        Assert.DoesNotContain(portalCookies, c => c.Name.StartsWith("tossed", StringComparison.Ordinal));
        await Page.Locator("[data-testid=open-ide]").WaitForAsync();
        // The proxy let through only the IDE's host-only cookie. (Script may still set cookies on the IDE's parent
        // domain, which only other IDE hosts see; the proxy strips portal-named ones before they reach an IDE.)
        var ideCookies = await Context.CookiesAsync([ide.Page.Url]);
        Assert.Contains(ideCookies, c => c.Name == "ide-own");
        Assert.DoesNotContain(ideCookies, c => c.Name is "tossed" or "tossed-top" || c.Value == "forged");
    }
}
