using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Net;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Consoles;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Runtime;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// Dev servers' IDEs on their own origins (<c>{id}.ide.localhost</c>): the ticket exchange, the IDE cookie, forwarding
/// of HTTP and WebSockets to the simulator's IDE, the IDE rows of the security matrix and revocation.
/// </summary>
public sealed class IdeProxyTests(ConsolePortalFixture portal) : IClassFixture<ConsolePortalFixture>, IDisposable
{
    private readonly IdeBrowser browser = new(portal.BaseAddress);

    private IdeSessions IdeSessions => portal.Factory.Services.GetRequiredService<IdeSessions>();

    /// <summary>The portal's public origin (<c>Portal:PublicUrl</c>), which its "Open IDE" page posts tickets from.</summary>
    private string PortalOrigin => new Uri(portal.Factory.Services.GetRequiredService<IOptions<PortalOptions>>().Value.PublicUrl).GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task The_owner_opens_the_ide_from_the_portal_edits_a_file_and_gets_a_host_only_cookie_for_that_server_alone()
    {
        var server = await DevServerAsync(portal.Alice);

        var handover = await HandoverAsync(portal.Alice, server);
        var entry = new Uri(handover.Action);
        using var enter = await browser.PostTicketAsync(entry, handover.Ticket, PortalOrigin);
        using var page = await browser.Http.GetAsync(browser.Host(server.Id));
        using var save = await browser.Http.PutAsync(browser.Host(server.Id, "/api/files/content?path=notes.txt"), new StringContent("saved through the portal\n"));
        var content = await browser.Http.GetStringAsync(browser.Host(server.Id, "/api/files/content?path=notes.txt"));

        Assert.Equal($"{server.Id}.ide.localhost", entry.Host);
        Assert.Equal(portal.BaseAddress.Port, entry.Port);
        Assert.Equal(IdeProxy.EnterPath, entry.AbsolutePath);
        Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
        Assert.Equal("/", enter.Headers.Location!.ToString());
        var cookie = Assert.Single(enter.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("zlh.ide=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"IDE · CT {server.Vmid}", await page.Content.ReadAsStringAsync());
        Assert.True(save.IsSuccessStatusCode, $"PUT answered {(int)save.StatusCode}");
        Assert.Equal("saved through the portal\n", content);
    }

    [Fact]
    public async Task Open_ide_on_the_portal_is_a_form_posting_the_ticket_to_the_ide_host_the_one_extra_place_the_portal_lets_forms_go()
    {
        var server = await DevServerAsync(portal.Alice);

        using var open = await portal.Alice.Client.GetAsync($"/servers/{server.Id}/ide");
        using var serverPage = await portal.Alice.Client.GetAsync($"/servers/{server.Id}");
        using var script = await portal.Alice.Client.GetAsync("/js/ide-enter.js");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var html = await open.Content.ReadAsStringAsync();
        var form = IdeBrowser.ReadEnterForm(html);
        Assert.Equal(browser.Host(server.Id, IdeProxy.EnterPath).AbsoluteUri, form.Action);
        Assert.Contains("""<script src="/js/ide-enter.js"></script>""", html);
        Assert.DoesNotContain("<script>", html);
        Assert.True(open.Headers.CacheControl!.NoStore);
        var policy = open.Headers.GetValues("Content-Security-Policy").Single();
        var usual = serverPage.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("form-action 'self';", usual);
        Assert.Equal(usual.Replace("form-action 'self';", $"form-action 'self' {browser.Origin(server.Id)};"), policy);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("submit()", await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_link_to_an_ide_shows_whose_it_is_and_signs_the_browser_in_only_when_its_button_is_used()
    {
        var server = await DevServerAsync(portal.Alice);
        var link = await LinkAsync(portal.Alice, server);

        using var page = await browser.Http.GetAsync(link);
        using var reloaded = await browser.Http.GetAsync(link);
        using var ideBefore = await browser.Http.GetAsync(browser.Host(server.Id));
        var form = IdeBrowser.ReadEnterForm(await reloaded.Content.ReadAsStringAsync());
        using var enter = await browser.PostTicketAsync(new Uri(link, form.Action), form.Ticket, browser.Origin(server.Id));
        using var ideAfter = await browser.Http.GetAsync(browser.Host(server.Id));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<strong>Server {server.Vmid}</strong> (#{server.Id})", html);
        Assert.Contains($"belongs to <strong>{portal.Alice.Email}</strong>", html);
        Assert.Contains("If you did not ask to open this IDE, close this page.", html);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        Assert.Equal(IdeProxy.EnterPath, form.Action);
        Assert.Equal(HttpStatusCode.Forbidden, ideBefore.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
        Assert.Equal("/", enter.Headers.Location!.ToString());
        Assert.StartsWith("zlh.ide=", enter.Headers.GetValues("Set-Cookie").Single());
        Assert.Equal(HttpStatusCode.OK, ideAfter.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost")]
    [InlineData("sibling")]
    [InlineData("null")]
    [InlineData("none")]
    public async Task A_ticket_posted_from_another_site_a_sibling_ide_or_no_page_is_refused_and_stays_usable_by_its_own_page(string from)
    {
        var server = await DevServerAsync(portal.Alice);
        var handover = await HandoverAsync(portal.Alice, server);
        var enter = new Uri(handover.Action);
        var origin = from switch
        {
            "sibling" => browser.Origin(server.Id + 1000),
            "none" => null,
            _ => from,
        };

        using var forged = await browser.PostTicketAsync(enter, handover.Ticket, origin);
        using var ide = await browser.Http.GetAsync(browser.Host(server.Id));
        using var legitimate = await browser.PostTicketAsync(enter, handover.Ticket, browser.Origin(server.Id));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("Open the IDE from the portal", await forged.Content.ReadAsStringAsync());
        Assert.False(forged.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Forbidden, ide.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, legitimate.StatusCode);
        Assert.StartsWith("zlh.ide=", legitimate.Headers.GetValues("Set-Cookie").Single());
    }

    [Fact]
    public async Task The_ide_terminal_runs_commands_over_a_forwarded_websocket()
    {
        var server = await DevServerAsync(portal.Alice);
        await EnterAsync(portal.Alice, server);

        using var terminal = await browser.ConnectAsync(server.Id, "/terminal");
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");
        await ConsoleClient.SendAsync(terminal, "echo hello from the terminal\n");
        var output = await ConsoleClient.ReadUntilAsync(terminal, "hello from the terminal");
        await terminal.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Contains(output, line => line.Contains("hello from the terminal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sibling")]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost")]
    public async Task Another_origin_gets_no_websocket_and_no_state_change_with_the_browsers_ide_cookie(string from)
    {
        var server = await DevServerAsync(portal.Alice);
        await EnterAsync(portal.Alice, server);
        var origin = from == "sibling" ? browser.Host(server.Id + 1000).GetLeftPart(UriPartial.Authority) : from;

        var handshake = await Assert.ThrowsAsync<WebSocketException>(() => browser.ConnectAsync(server.Id, "/terminal", origin: origin));
        using var put = new HttpRequestMessage(HttpMethod.Put, browser.Host(server.Id, "/api/files/content?path=forged.txt")) { Content = new StringContent("forged") };
        put.Headers.Add("Origin", origin);
        using var write = await browser.Http.SendAsync(put);
        using var read = await browser.Http.GetAsync(browser.Host(server.Id, "/api/files/content?path=forged.txt"));

        Assert.Contains("403", handshake.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.NotEqual("forged", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_ide_never_receives_a_portal_cookie_or_the_users_authorization_only_the_servers_agent_credential()
    {
        var server = await DevServerAsync(portal.Alice);
        var ideCookie = await EnterAsync(portal.Alice, server);
        var portalCookies = portal.Alice.Cookies.GetCookieHeader(portal.BaseAddress);
        Assert.Contains("zlh.auth=", portalCookies);

        // As if every portal cookie had leaked onto the IDE host, plus the user's API token, next to the IDE's own cookie.
        using var page = await browser.SendWithCookiesAsync(browser.Host(server.Id, "/api/files"),
            $"{portalCookies}; {ideCookie}; ide-own=1; __Host-zlh.auth=forged", $"Bearer {portal.Alice.ApiToken}",
            new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7", ["X-Forwarded-Proto"] = "http", ["Proxy-Authorization"] = "Basic c2VjcmV0" });
        using var terminal = await browser.ConnectAsync(server.Id, "/terminal", $"{portalCookies}; {ideCookie}");
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");
        await terminal.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var ideRequests = await IdeRequestsAsync(server);
        Assert.Contains(ideRequests, r => r.GetProperty("path").GetString() == "/api/files");
        Assert.Contains(ideRequests, r => r.GetProperty("path").GetString() == "/terminal" && r.GetProperty("webSocket").GetBoolean());
        foreach (var request in ideRequests)
        {
            var headers = request.GetProperty("headers");
            Assert.Equal($"Bearer {server.AgentCredential}", headers.GetProperty("Authorization").GetString());
            var cookies = headers.TryGetProperty("Cookie", out var c) ? c.GetString()! : "";
            Assert.DoesNotContain("zlh.", cookies, StringComparison.Ordinal);
            Assert.DoesNotContain(headers.EnumerateObject(), h => h.Value.GetString()!.Contains(portal.Alice.ApiToken, StringComparison.Ordinal));
            Assert.DoesNotContain(headers.EnumerateObject(), h => h.Name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
                || h.Name.StartsWith("X-Original-", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(headers.EnumerateObject(), h => h.Value.GetString()!.Contains(ideCookie.Split('=', 2)[1], StringComparison.Ordinal));
        }

        Assert.Contains(ideRequests, r => r.GetProperty("headers").TryGetProperty("Cookie", out var c) && c.GetString() == "ide-own=1");
    }

    [Fact]
    public async Task The_ide_host_with_only_the_portal_cookie_is_refused_with_a_page_that_says_what_to_do()
    {
        var server = await DevServerAsync(portal.Alice);
        var portalCookies = portal.Alice.Cookies.GetCookieHeader(portal.BaseAddress);

        using var page = await browser.SendWithCookiesAsync(browser.Host(server.Id), portalCookies);
        var socket = await Assert.ThrowsAsync<WebSocketException>(() => browser.ConnectAsync(server.Id, "/terminal", portalCookies));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Open the IDE from the portal", html);
        Assert.Contains($"{portal.BaseAddress.GetLeftPart(UriPartial.Authority).Replace("127.0.0.1", "localhost")}/servers/{server.Id}", html);
        Assert.Contains("403", socket.Message);
        Assert.DoesNotContain(await IdeRequestsAsync(server), r => r.GetProperty("path").GetString() == "/");
    }

    [Fact]
    public async Task An_ide_cookie_of_one_server_does_not_open_another_servers_ide()
    {
        var serverA = await DevServerAsync(portal.Alice);
        var serverB = await DevServerAsync(portal.Alice);
        var cookieOfA = await EnterAsync(portal.Alice, serverA);

        using var onA = await browser.SendWithCookiesAsync(browser.Host(serverA.Id), cookieOfA);
        using var onB = await browser.SendWithCookiesAsync(browser.Host(serverB.Id), cookieOfA);

        Assert.Equal(HttpStatusCode.OK, onA.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, onB.StatusCode);
        Assert.Empty(await IdeRequestsAsync(serverB));
    }

    [Fact]
    public async Task A_ticket_opens_the_ide_once_then_its_button_and_its_link_are_refused_with_a_clear_page()
    {
        var server = await DevServerAsync(portal.Alice);
        var handover = await HandoverAsync(portal.Alice, server);
        var enter = new Uri(handover.Action);
        using var first = await browser.PostTicketAsync(enter, handover.Ticket, browser.Origin(server.Id));

        using var elsewhere = new IdeBrowser(portal.BaseAddress);
        using var again = await elsewhere.PostTicketAsync(enter, handover.Ticket, browser.Origin(server.Id));
        using var link = await elsewhere.Http.GetAsync(Link(handover));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        await AssertInvalidLinkAsync(again);
        await AssertInvalidLinkAsync(link);
    }

    [Fact]
    public async Task An_expired_ticket_is_refused_with_a_clear_page()
    {
        var server = await DevServerAsync(portal.Alice);
        var handover = await HandoverAsync(portal.Alice, server);
        portal.Factory.Time!.Advance(TimeSpan.FromSeconds(61));

        using var page = await browser.Http.GetAsync(Link(handover));
        using var late = await browser.PostTicketAsync(new Uri(handover.Action), handover.Ticket, PortalOrigin);

        await AssertInvalidLinkAsync(page);
        await AssertInvalidLinkAsync(late);
    }

    [Fact]
    public async Task A_ticket_for_another_server_or_a_console_ticket_does_not_open_an_ide()
    {
        var server = await DevServerAsync(portal.Alice);
        var other = await DevServerAsync(portal.Alice);
        var handover = await HandoverAsync(portal.Alice, server);
        var consoleTicket = portal.Tickets.Mint(portal.Alice.Id, server.Id, null, readOnly: false).Token;

        using var elsewherePage = await browser.Http.GetAsync(browser.Host(other.Id, Link(handover).PathAndQuery));
        using var elsewhere = await browser.PostTicketAsync(browser.Host(other.Id, IdeProxy.EnterPath), handover.Ticket, browser.Origin(other.Id));
        using var spent = await browser.PostTicketAsync(new Uri(handover.Action), handover.Ticket, browser.Origin(server.Id));
        using var consolePage = await browser.Http.GetAsync(browser.Host(server.Id, $"{IdeProxy.EnterPath}?ticket={consoleTicket}"));
        using var console = await browser.PostTicketAsync(browser.Host(server.Id, IdeProxy.EnterPath), consoleTicket, browser.Origin(server.Id));

        await AssertInvalidLinkAsync(elsewherePage);
        await AssertInvalidLinkAsync(elsewhere);
        await AssertInvalidLinkAsync(spent);
        await AssertInvalidLinkAsync(consolePage);
        await AssertInvalidLinkAsync(console);
    }

    [Fact]
    public async Task Another_customers_dev_server_answers_like_a_missing_one_and_a_game_server_has_no_ide()
    {
        var alices = await DevServerAsync(portal.Alice);

        using var foreign = await portal.Bob.Client.GetAsync($"/servers/{alices.Id}/ide");
        using var missing = await portal.Bob.Client.GetAsync("/servers/999999/ide");
        using var game = await portal.Alice.Client.GetAsync($"/servers/{portal.AliceServer.Id}/ide");
        // A ticket naming Alice's server for Bob, as if ownership had moved after it was issued.
        var bobsTicket = portal.Tickets.Mint(portal.Bob.Id, alices.Id, null, false, TicketPurpose.Ide).Token;
        using var movedAway = await browser.Http.GetAsync(browser.Host(alices.Id, $"{IdeProxy.EnterPath}?ticket={bobsTicket}"));

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, game.StatusCode);
        Assert.Contains("Only dev servers have an IDE.", await game.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, movedAway.StatusCode);
        Assert.Null(movedAway.Headers.Contains("Set-Cookie") ? movedAway.Headers.GetValues("Set-Cookie").First() : null);
    }

    [Fact]
    public async Task Suspending_a_server_closes_its_ide_websockets_at_once_and_its_ide_cookies_stop_working()
    {
        var server = await DevServerAsync(portal.Alice);
        var cookie = await EnterAsync(portal.Alice, server);
        using var terminal = await browser.ConnectAsync(server.Id, "/terminal");
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");
        var pending = await HandoverAsync(portal.Alice, server);
        await using var scope = portal.Factory.Services.CreateAsyncScope();

        var clock = Stopwatch.StartNew();
        var suspended = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().SuspendAsync(server.Id);
        var ended = await IdeBrowser.EndsAsync(terminal);
        clock.Stop();
        using var withCookie = await browser.SendWithCookiesAsync(browser.Host(server.Id), cookie);
        using var elsewhere = new IdeBrowser(portal.BaseAddress);
        using var withPendingTicket = await elsewhere.PostTicketAsync(new Uri(pending.Action), pending.Ticket, PortalOrigin);
        using var newTicket = await portal.Alice.Client.GetAsync($"/servers/{server.Id}/ide");

        Assert.True(suspended.Accepted, suspended.Message);
        Assert.True(ended, "The IDE terminal stayed open after the suspension.");
        Assert.True(clock.Elapsed < ConsoleClient.PromptClose, $"closed after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Forbidden, withCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withPendingTicket.StatusCode);
        Assert.Contains("suspended", await withPendingTicket.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, newTicket.StatusCode);
        Assert.Equal(0, IdeSessions.CountOpen(serverId: server.Id));
    }

    [Fact]
    public async Task Logging_out_ends_the_users_ide_cookies_and_websockets()
    {
        var carol = await portal.SignInAsync(Roles.Customer);
        var server = await DevServerAsync(carol);
        var cookie = await EnterAsync(carol, server);
        using var terminal = await browser.ConnectAsync(server.Id, "/terminal");
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");

        await portal.Sessions.CloseForUserAsync(carol.Id, "You logged out.");
        var ended = await IdeBrowser.EndsAsync(terminal);
        using var withCookie = await browser.SendWithCookiesAsync(browser.Host(server.Id), cookie);

        Assert.True(ended, "The IDE terminal stayed open after logout.");
        Assert.Equal(HttpStatusCode.Forbidden, withCookie.StatusCode);
    }

    [Fact]
    public async Task An_ide_whose_account_revocation_was_lost_is_ended_by_the_recheck_and_one_that_still_stands_is_not()
    {
        var dana = await portal.SignInAsync(Roles.Customer);
        var server = await DevServerAsync(dana);
        var cookie = await EnterAsync(dana, server);
        using var terminal = await browser.ConnectAsync(server.Id, "/terminal");
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");
        var recheck = portal.Factory.Services.GetRequiredService<SessionReauthorization>();
        await recheck.ReauthorizeAsync();
        var standing = IdeSessions.CountOpen(serverId: server.Id);
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            // What a password change does to the account, without the revocation that goes with it.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(dana.Id))!);
        }

        var ended = await recheck.ReauthorizeAsync();
        var terminalEnded = await IdeBrowser.EndsAsync(terminal);
        using var withCookie = await browser.SendWithCookiesAsync(browser.Host(server.Id), cookie);

        Assert.Equal(1, standing);
        Assert.Equal(1, ended);
        Assert.True(terminalEnded, "The IDE terminal stayed open after the re-check.");
        Assert.Equal(HttpStatusCode.Forbidden, withCookie.StatusCode);
        Assert.Equal(0, IdeSessions.CountOpen(serverId: server.Id));
    }

    [Fact]
    public async Task The_ide_cookie_is_short_lived_and_renewed_while_the_ide_is_used()
    {
        var server = await DevServerAsync(portal.Alice);
        var cookie = await EnterAsync(portal.Alice, server);

        portal.Factory.Time!.Advance(TimeSpan.FromMinutes(11));
        using var renewed = await browser.SendWithCookiesAsync(browser.Host(server.Id, "/api/files"), cookie);
        portal.Factory.Time.Advance(TimeSpan.FromMinutes(15));
        using var stillValid = await browser.SendWithCookiesAsync(browser.Host(server.Id, "/api/files"), cookie);
        portal.Factory.Time.Advance(TimeSpan.FromMinutes(21));
        using var idle = await browser.SendWithCookiesAsync(browser.Host(server.Id, "/api/files"), cookie);

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Contains(renewed.Headers.GetValues("Set-Cookie"), c => c.StartsWith(cookie + ";", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, idle.StatusCode);
    }

    [Fact]
    public async Task Cookies_the_ide_tosses_beyond_its_own_host_never_reach_the_browser()
    {
        var server = await DevServerAsync(portal.Alice);
        await EnterAsync(portal.Alice, server);

        using var toss = await browser.Http.GetAsync(browser.Host(server.Id, "/cookie-toss"));

        Assert.Equal(HttpStatusCode.OK, toss.StatusCode);
        var setCookies = toss.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.Equal(["ide-own=1; Path=/; HttpOnly"], setCookies);
        Assert.False(toss.Headers.Contains("Clear-Site-Data"));
        Assert.DoesNotContain(browser.Cookies.GetAllCookies(), c => c.Name.StartsWith("tossed", StringComparison.Ordinal) || c.Name == "zlh.auth");
    }

    [Fact]
    public async Task An_api_client_gets_a_single_use_ide_link()
    {
        var server = await DevServerAsync(portal.Alice);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = portal.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", portal.Alice.ApiToken);

        using var response = await api.GetAsync($"/api/v1/servers/{server.Id}/ide");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(body.GetProperty("url").GetString()!);
        using var page = await browser.Http.GetAsync(url);
        using var foreign = await api.GetAsync($"/api/v1/servers/{portal.BobServer.Id}/ide");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{server.Id}.ide.localhost", url.Host);
        Assert.Equal(IdeProxy.EnterPath, url.AbsolutePath);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > portal.Factory.Time!.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(portal.Alice.Email, await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [InlineData("ide.localhost", "/")]
    [InlineData("abc.ide.localhost", "/")]
    [InlineData("007.ide.localhost", "/")]
    [InlineData("1.2.ide.localhost", "/")]
    [InlineData("99999999999.ide.localhost", "/")]
    [InlineData("424242.ide.localhost", "/")]
    [InlineData("424242.ide.localhost", "/.zlh/enter")]
    [InlineData("424242.ide.localhost", "/.zlh/enter?ticket=%00%ff")]
    public async Task Odd_ide_hosts_and_bad_tickets_get_a_page_never_a_server_error(string host, string pathAndQuery)
    {
        using var response = await browser.Http.GetAsync(new Uri($"http://{host}:{portal.BaseAddress.Port}{pathAndQuery}"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => browser.Dispose();

    private async Task<RunningServer> DevServerAsync(Account owner) => await RunningServers.CreateDevAsync(portal.Factory.Services, owner.Email);

    /// <summary>The form the portal's "Open IDE" answers with: the IDE host's enter address and a fresh ticket.</summary>
    private static async Task<EnterForm> HandoverAsync(Account account, RunningServer server)
    {
        using var open = await account.Client.GetAsync($"/servers/{server.Id}/ide");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        return IdeBrowser.ReadEnterForm(await open.Content.ReadAsStringAsync());
    }

    /// <summary>The IDE host's link for a handed-over ticket, as the API gives it out.</summary>
    private static Uri Link(EnterForm handover) => new($"{handover.Action}?ticket={Uri.EscapeDataString(handover.Ticket)}");

    /// <summary>A fresh link to the IDE from the API, as a script gets it.</summary>
    private async Task<Uri> LinkAsync(Account account, RunningServer server)
    {
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = portal.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiToken);
        var body = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}/ide");
        return new Uri(body.GetProperty("url").GetString()!);
    }

    /// <summary>
    /// Opens the IDE as a person with a link does: its page, then the page's button (posted from the IDE host's own
    /// origin); returns the IDE cookie as <c>name=value</c>.
    /// </summary>
    private async Task<string> EnterAsync(Account account, RunningServer server)
    {
        var link = await LinkAsync(account, server);
        using var page = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = IdeBrowser.ReadEnterForm(await page.Content.ReadAsStringAsync());
        using var enter = await browser.PostTicketAsync(new Uri(link, form.Action), form.Ticket, browser.Origin(server.Id));
        Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
        return enter.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private static async Task AssertInvalidLinkAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This IDE link is no longer valid", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    private async Task<List<JsonElement>> IdeRequestsAsync(RunningServer server)
    {
        var idePort = portal.Factory.Services.GetRequiredService<IOptions<RuntimeOptions>>().Value.IdePort;
        return (await AgentRequests.ReadAsync(portal.Factory.Services, server.Vmid)).Where(r => r.GetProperty("port").GetInt32() == idePort).ToList();
    }
}
