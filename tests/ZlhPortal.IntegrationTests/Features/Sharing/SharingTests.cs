using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Consoles;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Sharing;

/// <summary>
/// Sharing a server: invitation by email, acceptance, each permission enforced on the API and on console tickets, and
/// access taken back (consoles close at once), against running servers in the simulator.
/// </summary>
public sealed class SharingTests(SharingPortal portal) : IClassFixture<SharingPortal>
{
    private static readonly string[] Everything = ["console", "power", "files", "backups", "settings", "schedules"];

    [Fact]
    public async Task An_invited_friend_accepts_the_mailed_link_and_sees_the_server_as_shared_with_only_what_they_were_given()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);

        var (_, token) = await portal.InviteAsync(owner, server.Id, friend, "console", "power");
        using var friendApi = portal.Api(friend);
        var before = await friendApi.GetFromJsonAsync<JsonElement>("/api/v1/servers");
        using var accepted = await friendApi.PostAsJsonAsync("/api/v1/shares/accept", new { token });
        var listed = await friendApi.GetFromJsonAsync<JsonElement>("/api/v1/servers");
        using var ownerApi = portal.Api(owner);
        var ownersView = await ownerApi.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}");
        var shares = await ownerApi.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}/shares");

        Assert.Equal(0, before.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var shared = Assert.Single(listed.EnumerateArray());
        Assert.Equal(server.Id, shared.GetProperty("id").GetInt32());
        Assert.Equal("shared", shared.GetProperty("access").GetString());
        Assert.Equal(["console", "power"], shared.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(owner.Email, shared.GetProperty("sharedBy").GetString());
        Assert.Equal("owner", ownersView.GetProperty("access").GetString());
        Assert.Equal(Everything, ownersView.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var row = Assert.Single(shares.EnumerateArray());
        Assert.Equal(friend.Email, row.GetProperty("email").GetString());
        Assert.Equal("accepted", row.GetProperty("status").GetString());
        var history = await HistoryAsync(server.Id);
        Assert.Contains(history, h => h.Kind == HistoryKind.Sharing && h.Actor == owner.Email && h.Text.Contains(friend.Email, StringComparison.Ordinal));
        Assert.Contains(history, h => h.Kind == HistoryKind.Sharing && h.Actor == friend.Email && h.Text.StartsWith("Accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_permission_is_enforced_on_the_api_and_nothing_is_reachable_by_someone_not_invited()
    {
        var owner = await portal.CustomerAsync();
        var consoleOnly = await portal.CustomerAsync();
        var stranger = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        await portal.ShareAsync(owner, server.Id, consoleOnly, permissions: ["console"]);

        using var friend = portal.Api(consoleOnly);
        using var outsider = portal.Api(stranger);
        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, $"/api/v1/servers/{server.Id}/power", new { action = "stop" }),
            (HttpMethod.Get, $"/api/v1/servers/{server.Id}/backups", null),
            (HttpMethod.Post, $"/api/v1/servers/{server.Id}/backups", new { name = "mine" }),
            (HttpMethod.Get, $"/api/v1/servers/{server.Id}/schedules", null),
            (HttpMethod.Get, $"/api/v1/servers/{server.Id}/files?path=", null),
            (HttpMethod.Get, $"/api/v1/servers/{server.Id}/settings", null),
            (HttpMethod.Put, $"/api/v1/servers/{server.Id}/settings", new { motd = "taken over" }),
            (HttpMethod.Post, $"/api/v1/servers/{server.Id}/version", new { version = "1.20.6" }),
            (HttpMethod.Get, $"/api/v1/servers/{server.Id}/files/content?path=server.properties", null),
            (HttpMethod.Post, $"/api/v1/servers/{server.Id}/reinstall", null),
            (HttpMethod.Delete, $"/api/v1/servers/{server.Id}", null),
            (HttpMethod.Get, $"/api/v1/servers/{server.Id}/shares", null),
            (HttpMethod.Post, $"/api/v1/servers/{server.Id}/shares", new { email = stranger.Email, permissions = Everything }),
        };

        foreach (var (method, path, body) in requests)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(friend, method, path, body));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, method, path, body));
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(friend, HttpMethod.Get, $"/api/v1/servers/{server.Id}", null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(friend, HttpMethod.Get, $"/api/v1/servers/{server.Id}/history", null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(friend, HttpMethod.Get, $"/api/v1/servers/{server.Id}/console", null));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, HttpMethod.Get, $"/api/v1/servers/{server.Id}/console", null));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, HttpMethod.Get, $"/api/v1/servers/{server.Id}/history", null));
        var status = await (await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            .Servers.Where(s => s.Id == server.Id).Select(s => s.Status).SingleAsync();
        Assert.Equal(ZlhPortal.Web.Features.Servers.ServerStatus.Running, status);
    }

    [Fact]
    public async Task A_friend_given_power_restarts_the_server_and_the_history_names_them_but_they_get_no_console()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        await portal.ShareAsync(owner, server.Id, friend, permissions: ["power"]);

        using var api = portal.Api(friend);
        using var restart = await api.PostAsJsonAsync($"/api/v1/servers/{server.Id}/power", new { action = "restart" });
        using var console = await api.GetAsync($"/api/v1/servers/{server.Id}/console");

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, console.StatusCode);
        Assert.Contains("console", (await console.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var history = await HistoryAsync(server.Id);
        Assert.Contains(history, h => h.Kind == HistoryKind.Power && h.Actor == friend.Email && h.Text == "Restart requested.");
    }

    [Fact]
    public async Task A_friend_given_files_edits_a_file_and_the_history_says_who_changed_it()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        await portal.ShareAsync(owner, server.Id, friend, permissions: ["files"]);

        using var api = portal.Api(friend);
        using var saved = await api.PutAsync($"/api/v1/servers/{server.Id}/files/content?path=notes.txt", new StringContent("spawn at 100 64 -20"));
        using var renamed = await api.PostAsJsonAsync($"/api/v1/servers/{server.Id}/files/rename", new { from = "notes.txt", to = "spawn.txt" });
        var text = await api.GetStringAsync($"/api/v1/servers/{server.Id}/files/content?path=spawn.txt");

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);
        Assert.Equal("spawn at 100 64 -20", text);
        var lines = (await HistoryAsync(server.Id)).Where(h => h.Kind == HistoryKind.Files).Select(h => (h.Actor, h.Text)).ToList();
        Assert.Equal([(friend.Email, "Saved notes.txt."), (friend.Email, "Renamed notes.txt to spawn.txt.")], lines);
    }

    [Fact]
    public async Task A_read_only_console_shows_the_game_but_commands_typed_into_it_never_reach_the_game()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        await portal.ShareAsync(owner, server.Id, friend, readOnlyConsole: true, permissions: ["console"]);

        using var api = portal.Api(friend);
        var socketUrl = new Uri((await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}/console")).GetProperty("socket").GetString()!);
        using var socket = await portal.Consoles.ConnectAsync(socketUrl.PathAndQuery, authorization: $"Bearer {friend.ApiToken}");
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        await ConsoleClient.SendAsync(socket, "stop");
        await ConsoleClient.ReadToEndAsync(socket);

        using var agent = Agent(server);
        var state = (await agent.GetFromJsonAsync<JsonElement>("status")).GetProperty("state").GetString();
        Assert.Equal("running", state);
        var sessions = await (await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            .ConsoleSessions.Where(s => s.ServerId == server.Id).ToListAsync();
        var session = Assert.Single(sessions);
        Assert.True(session.ReadOnly);
        Assert.Null(session.Reason);
    }

    [Fact]
    public async Task Removing_a_friend_closes_their_open_console_at_once_and_the_server_disappears_from_their_list()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        var shareId = await portal.ShareAsync(owner, server.Id, friend, permissions: ["console"]);
        using var friendApi = portal.Api(friend);
        var socketUrl = new Uri((await friendApi.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}/console")).GetProperty("socket").GetString()!);
        using var socket = await portal.Consoles.ConnectAsync(socketUrl.PathAndQuery, authorization: $"Bearer {friend.ApiToken}");
        await ConsoleClient.ReadUntilAsync(socket, "Done (");

        using var ownerApi = portal.Api(owner);
        using var removed = await ownerApi.DeleteAsync($"/api/v1/servers/{server.Id}/shares/{shareId}");
        var ending = await ConsoleClient.ReadToEndAsync(socket, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(ServerShares.Removed, ending);
        Assert.Equal(0, (await friendApi.GetFromJsonAsync<JsonElement>("/api/v1/servers")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await friendApi.GetAsync($"/api/v1/servers/{server.Id}/console")).StatusCode);
        Assert.Contains(await HistoryAsync(server.Id), h => h.Kind == HistoryKind.Sharing && h.Text == $"{friend.Email} no longer has access.");
    }

    [Fact]
    public async Task Taking_the_console_away_closes_it_and_the_periodic_recheck_keeps_a_friends_console_open_until_the_share_is_gone()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        var shareId = await portal.ShareAsync(owner, server.Id, friend, permissions: ["console"]);
        using var friendApi = portal.Api(friend);
        using var ownerApi = portal.Api(owner);
        var recheck = portal.Factory.Services.GetRequiredService<SessionReauthorization>();

        // The re-check every instance runs leaves a console someone was given open.
        using (var socket = await OpenConsoleAsync(friend, server.Id))
        {
            Assert.Equal(0, await recheck.ReauthorizeAsync());

            using var changed = await ownerApi.PutAsJsonAsync($"/api/v1/servers/{server.Id}/shares/{shareId}", new { permissions = new[] { "power" } });
            var ending = await ConsoleClient.ReadToEndAsync(socket, TimeSpan.FromSeconds(10));

            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(["power"], (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
            Assert.Contains("changed", ending);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await friendApi.GetAsync($"/api/v1/servers/{server.Id}/console")).StatusCode);
        using var restart = await friendApi.PostAsJsonAsync($"/api/v1/servers/{server.Id}/power", new { action = "restart" });
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);

        // A share removed behind the portal's back (no revocation event reached this instance): the re-check closes it.
        using var given = await ownerApi.PutAsJsonAsync($"/api/v1/servers/{server.Id}/shares/{shareId}", new { permissions = new[] { "console" } });
        await Eventually.UntilAsync(async () => (await friendApi.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}")).GetProperty("operation").ValueKind,
            kind => kind == JsonValueKind.Null, what: "the restart to finish");
        using var again = await OpenConsoleAsync(friend, server.Id);
        await using (var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.ServerShares.Where(s => s.Id == shareId).ExecuteDeleteAsync();
        }

        Assert.Equal(1, await recheck.ReauthorizeAsync());
        Assert.NotNull(await ConsoleClient.ReadToEndAsync(again, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_invitation_works_once_only_for_the_invited_address_and_not_after_it_expired()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var someoneElse = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        var (_, token) = await portal.InviteAsync(owner, server.Id, friend, "console");

        using var wrong = portal.Api(someoneElse);
        using var byOwner = portal.Api(owner);
        using var right = portal.Api(friend);
        using var wrongAccount = await wrong.PostAsJsonAsync("/api/v1/shares/accept", new { token });
        using var ownAccount = await byOwner.PostAsJsonAsync("/api/v1/shares/accept", new { token });
        // The same link clicked twice at once: one acceptance.
        var twice = await Task.WhenAll(right.PostAsJsonAsync("/api/v1/shares/accept", new { token }), right.PostAsJsonAsync("/api/v1/shares/accept", new { token }));
        using var forged = await right.PostAsJsonAsync("/api/v1/shares/accept", new { token = "not-a-token" });

        Assert.Equal(HttpStatusCode.Forbidden, wrongAccount.StatusCode);
        Assert.Contains(friend.Email, (await wrongAccount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ownAccount.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], twice.Select(r => r.StatusCode).OrderBy(s => s == HttpStatusCode.OK ? 0 : 1));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(0, (await wrong.GetFromJsonAsync<JsonElement>("/api/v1/servers")).GetArrayLength());

        var late = await portal.CustomerAsync();
        var (_, lateToken) = await portal.InviteAsync(owner, server.Id, late, "console");
        await using (var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.ServerShares.Where(s => s.Email == late.Email).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        using var lateApi = portal.Api(late);
        Assert.Equal(HttpStatusCode.NotFound, (await lateApi.PostAsJsonAsync("/api/v1/shares/accept", new { token = lateToken })).StatusCode);
    }

    [Fact]
    public async Task Someone_without_an_account_follows_the_link_signs_up_and_comes_back_to_the_invitation()
    {
        var owner = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        var newcomer = AccountJourney.NewEmail("newcomer");
        var (_, token) = await portal.InviteAsync(owner, server.Id, newcomer, readOnlyConsole: false, "console");
        var acceptPath = $"/shares/accept?token={Uri.EscapeDataString(token)}";
        using var browser = new PortalClient(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = portal.BaseAddress,
        });

        // Signed out, the link leads to the login page, which keeps where to come back to through signing up.
        using var link = await browser.GetAsync(acceptPath);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var login = link.Headers.Location!.OriginalString;
        var returnUrl = System.Web.HttpUtility.ParseQueryString(new Uri(portal.BaseAddress, login).Query)["ReturnUrl"];
        Assert.Equal(acceptPath, returnUrl);
        await browser.SubmitFormAsync($"/Account/Register?ReturnUrl={Uri.EscapeDataString(returnUrl!)}", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Newcomer",
            ["Input.Email"] = newcomer,
            ["Input.Password"] = AccountJourney.Password,
            ["Input.ConfirmPassword"] = AccountJourney.Password,
            ["Input.AcceptTerms"] = "true",
        });
        var confirm = Mailbox.LinkIn(await portal.Factory.Mailbox.ArrivalAsync(newcomer, "Confirm"), "/Account/ConfirmEmail");
        Assert.Contains(Uri.EscapeDataString(acceptPath), confirm, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(confirm).PathAndQuery)).StatusCode);
        using var signedIn = await browser.SubmitFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(acceptPath)}", "login",
            new Dictionary<string, string> { ["Input.Email"] = newcomer, ["Input.Password"] = AccountJourney.Password });
        Assert.EndsWith(acceptPath, signedIn.Headers.Location?.OriginalString);
        using var page = await browser.GetAsync(acceptPath);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"accept-invitation\"", html);
        Assert.Contains(owner.Email, html);
    }

    [Fact]
    public async Task Bad_invitations_are_refused_with_a_reason_and_send_no_mail()
    {
        var owner = await portal.CustomerAsync();
        var friend = await portal.CustomerAsync();
        var server = await RunningServers.CreateAsync(portal.Factory.Services, owner.Email);
        using var api = portal.Api(owner);

        var cases = new (object Body, HttpStatusCode Status, string Says)[]
        {
            (new { email = "not an address", permissions = new[] { "console" } }, HttpStatusCode.BadRequest, "email address"),
            (new { email = owner.Email, permissions = new[] { "console" } }, HttpStatusCode.BadRequest, "your own address"),
            (new { email = friend.Email, permissions = new[] { "console", "root" } }, HttpStatusCode.BadRequest, "\"root\" is not a permission"),
        };
        foreach (var (body, status, says) in cases)
        {
            using var response = await api.PostAsJsonAsync($"/api/v1/servers/{server.Id}/shares", body);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(says, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using var first = await api.PostAsJsonAsync($"/api/v1/servers/{server.Id}/shares", new { email = friend.Email.ToUpperInvariant(), permissions = new[] { "console" } });
        using var again = await api.PostAsJsonAsync($"/api/v1/servers/{server.Id}/shares", new { email = friend.Email, permissions = new[] { "power" } });
        using var broken = new StringContent("{\"email\":", System.Text.Encoding.UTF8, "application/json");
        using var malformed = await api.PostAsync($"/api/v1/servers/{server.Id}/shares", broken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        await portal.Factory.Mailbox.ArrivalAsync(friend.Email, "shared");
        Assert.Single(portal.Factory.Mailbox.MessagesTo(friend.Email), m => m.Subject?.Contains("shared", StringComparison.Ordinal) == true);
        Assert.Empty(portal.Factory.Mailbox.MessagesTo("not an address"));
    }

    [Fact]
    public async Task A_dev_servers_ide_opens_for_a_friend_with_console_and_files_and_not_for_one_with_the_console_only()
    {
        var owner = await portal.CustomerAsync();
        var full = await portal.CustomerAsync();
        var watcher = await portal.CustomerAsync();
        var server = await RunningServers.CreateDevAsync(portal.Factory.Services, owner.Email);
        await portal.ShareAsync(owner, server.Id, full, permissions: ["console", "files"]);
        await portal.ShareAsync(owner, server.Id, watcher, permissions: ["console"]);

        using var fullApi = portal.Api(full);
        using var watcherApi = portal.Api(watcher);
        using var opened = await fullApi.GetAsync($"/api/v1/servers/{server.Id}/ide");
        using var refused = await watcherApi.GetAsync($"/api/v1/servers/{server.Id}/ide");

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private async Task<System.Net.WebSockets.ClientWebSocket> OpenConsoleAsync(Account account, int serverId)
    {
        using var api = portal.Api(account);
        var socketUrl = new Uri((await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{serverId}/console")).GetProperty("socket").GetString()!);
        var socket = await portal.Consoles.ConnectAsync(socketUrl.PathAndQuery, authorization: $"Bearer {account.ApiToken}");
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        return socket;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<List<ServerHistoryEntry>> HistoryAsync(int serverId)
    {
        await using var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.ServerHistory.Where(h => h.ServerId == serverId).ToListAsync();
    }

    private static HttpClient Agent(RunningServer server)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{server.IpAddress}:18888/") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AgentCredential);
        return client;
    }
}
