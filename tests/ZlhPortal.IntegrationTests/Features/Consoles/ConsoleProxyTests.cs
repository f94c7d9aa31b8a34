using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>The console socket's security matrix and its happy paths, over real WebSockets to the simulator's agents.</summary>
public sealed partial class ConsoleProxyTests(ConsolePortalFixture portal) : IClassFixture<ConsolePortalFixture>
{
    private ConsoleClient Consoles => portal.Consoles;

    private string Path(int serverId, string ticket) => $"/servers/{serverId}/console?ticket={ticket}";

    private string Ticket(Account account, RunningServer server, string? reason = null) =>
        portal.Tickets.Mint(account.Id, server.Id, reason, readOnly: false).Token;

    [Fact]
    public async Task The_owner_sees_the_boot_log_and_the_answer_to_list_and_the_agent_gets_only_its_own_credential()
    {
        var server = portal.AliceServer;
        using var socket = await Consoles.ConnectAsync(Path(server.Id, Ticket(portal.Alice, server)), portal.Alice.Cookies, Consoles.Origin);

        var boot = await ConsoleClient.ReadUntilAsync(socket, "Done (");
        await ConsoleClient.SendAsync(socket, "list");
        await ConsoleClient.ReadUntilAsync(socket, "There are 0 of a max of 20 players online");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Contains(boot, line => line.Contains("Starting minecraft server version 1.21.4"));
        var consoleRequests = (await AgentRequestsAsync(server.Vmid)).Where(r => r.GetProperty("path").GetString() == "/console/stream").ToList();
        var forwarded = Assert.Single(consoleRequests);
        var headers = forwarded.GetProperty("headers");
        Assert.True(forwarded.GetProperty("webSocket").GetBoolean());
        Assert.Equal($"Bearer {server.AgentCredential}", headers.GetProperty("Authorization").GetString());
        Assert.False(headers.TryGetProperty("Cookie", out _), "The agent received the portal cookie.");
        Assert.False(headers.TryGetProperty("Origin", out _));
        Assert.DoesNotContain(headers.EnumerateObject(), h => h.Value.GetString()!.Contains("zlh.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_client_gets_a_socket_url_with_its_token_and_the_agent_never_sees_that_token()
    {
        var server = portal.AliceOtherServer;
        using var api = ApiClient(portal.Alice);
        using var response = await api.GetAsync($"/api/v1/servers/{server.Id}/console");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var socketUrl = new Uri(body.GetProperty("socket").GetString()!);

        using var socket = await Consoles.ConnectAsync(socketUrl.PathAndQuery, authorization: $"Bearer {portal.Alice.ApiToken}");
        await ConsoleClient.SendAsync(socket, "list");
        await ConsoleClient.ReadUntilAsync(socket, "There are 0 of a max of 20 players online");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ws", socketUrl.Scheme);
        Assert.Equal($"/servers/{server.Id}/console", socketUrl.AbsolutePath);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5));
        var requests = await AgentRequestsAsync(server.Vmid);
        Assert.DoesNotContain(requests, r => r.GetProperty("headers").ToString().Contains(portal.Alice.ApiToken, StringComparison.Ordinal));
        Assert.All(requests.Where(r => r.GetProperty("path").GetString() == "/console/stream"),
            r => Assert.Equal($"Bearer {server.AgentCredential}", r.GetProperty("headers").GetProperty("Authorization").GetString()));
    }

    [Fact]
    public async Task No_ticket_is_refused_even_with_the_owners_cookie()
    {
        var refused = await Consoles.RefusedAsync($"/servers/{portal.AliceServer.Id}/console", portal.Alice.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task Another_customers_server_answers_exactly_like_a_server_that_does_not_exist()
    {
        using var api = ApiClient(portal.Bob);
        using var foreign = await api.GetAsync($"/api/v1/servers/{portal.AliceServer.Id}/console");
        using var missing = await api.GetAsync("/api/v1/servers/999999/console");
        // A ticket that names Alice's server for Bob, as if ownership had moved after it was issued.
        var foreignSocket = await Consoles.RefusedAsync(Path(portal.AliceServer.Id, portal.Tickets.Mint(portal.Bob.Id, portal.AliceServer.Id, null, false).Token), portal.Bob.Cookies, Consoles.Origin);
        var missingSocket = await Consoles.RefusedAsync(Path(999999, portal.Tickets.Mint(portal.Bob.Id, 999999, null, false).Token), portal.Bob.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await ProblemAsync(missing, "999999"), await ProblemAsync(foreign, portal.AliceServer.Id.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, foreignSocket.Status);
        Assert.Equal(missingSocket, foreignSocket);
    }

    [Fact]
    public async Task A_foreign_origin_is_refused()
    {
        var refused = await Consoles.RefusedAsync(Path(portal.AliceServer.Id, Ticket(portal.Alice, portal.AliceServer)), portal.Alice.Cookies, "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task A_cookie_of_another_user_than_the_tickets_is_refused()
    {
        var refused = await Consoles.RefusedAsync(Path(portal.AliceServer.Id, Ticket(portal.Alice, portal.AliceServer)), portal.Bob.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task A_ticket_works_once()
    {
        var ticket = Ticket(portal.Alice, portal.AliceServer);
        using (var socket = await Consoles.ConnectAsync(Path(portal.AliceServer.Id, ticket), portal.Alice.Cookies, Consoles.Origin))
        {
            await ConsoleClient.ReadUntilAsync(socket, "Done (");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        var again = await Consoles.RefusedAsync(Path(portal.AliceServer.Id, ticket), portal.Alice.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Forbidden, again.Status);
    }

    [Fact]
    public async Task An_expired_ticket_is_refused()
    {
        var ticket = Ticket(portal.Alice, portal.AliceServer);
        portal.Factory.Time!.Advance(TimeSpan.FromSeconds(61));

        var refused = await Consoles.RefusedAsync(Path(portal.AliceServer.Id, ticket), portal.Alice.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task A_ticket_for_one_server_does_not_open_another()
    {
        var ticket = Ticket(portal.Alice, portal.AliceServer);

        var refused = await Consoles.RefusedAsync(Path(portal.AliceOtherServer.Id, ticket), portal.Alice.Cookies, Consoles.Origin);
        var spent = await Consoles.RefusedAsync(Path(portal.AliceServer.Id, ticket), portal.Alice.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.Forbidden, spent.Status);
    }

    [Fact]
    public async Task Support_needs_a_reason_and_with_one_the_customer_is_told()
    {
        using var api = ApiClient(portal.Support);
        using var withoutReason = await api.GetAsync($"/api/v1/servers/{portal.BobServer.Id}/console");
        var noReasonTicket = await Consoles.RefusedAsync(Path(portal.BobServer.Id, Ticket(portal.Support, portal.BobServer)), portal.Support.Cookies, Consoles.Origin);
        using var withReason = await api.GetAsync($"/api/v1/servers/{portal.BobServer.Id}/console?reason={Uri.EscapeDataString("Ticket #42: server lagging")}");
        var socketUrl = new Uri((await withReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("socket").GetString()!);

        using (var socket = await Consoles.ConnectAsync(socketUrl.PathAndQuery, portal.Support.Cookies, Consoles.Origin))
        {
            await ConsoleClient.SendAsync(socket, "list");
            await ConsoleClient.ReadUntilAsync(socket, "players online");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noReasonTicket.Status);
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        var activity = await portal.Factory.Services.GetRequiredService<ActivityLog>().GetPageAsync(portal.Bob.Id, 0, 20);
        Assert.Contains(activity.Rows, r => r.Kind == AccountActivityKind.SupportConsoleOpened && r.Detail == "Support opened your console: Ticket #42: server lagging");
        var audit = await WaitForAsync(async db => await db.ConsoleSessions.AsNoTracking()
            .Where(s => s.ServerId == portal.BobServer.Id && s.UserId == portal.Support.Id && s.EndedAt != null).ToListAsync());
        Assert.Equal("Ticket #42: server lagging", Assert.Single(audit).Reason);
        var history = await portal.Factory.Services.GetRequiredService<ServerHistory>().ListAsync(portal.BobServer.Id, portal.Bob.Id, HistoryKind.StaffAccess);
        Assert.Contains(history!, l => (l.Actor, l.Text) == (HistoryActors.Support, "Support opened the console: Ticket #42: server lagging"));
    }

    [Fact]
    public async Task A_customer_without_a_staff_role_gets_nothing_from_a_reason()
    {
        using var api = ApiClient(portal.Bob);
        using var response = await api.GetAsync($"/api/v1/servers/{portal.AliceServer.Id}/console?reason=curious");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_suspended_server_has_no_console_and_open_sockets_close_at_once()
    {
        var server = await RunningServers.CreateAsync(portal.Factory.Services, portal.Alice.Email);
        using var socket = await Consoles.ConnectAsync(Path(server.Id, Ticket(portal.Alice, server)), portal.Alice.Cookies, Consoles.Origin);
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        var pending = Ticket(portal.Alice, server);

        await RunningServers.SetStatusAsync(portal.Factory.Services, server.Id, ServerStatus.Suspended);
        var clock = Stopwatch.StartNew();
        var closed = await portal.Sessions.CloseForServerAsync(server.Id, "The server was suspended.");
        var ending = await ConsoleClient.ReadToEndAsync(socket);
        clock.Stop();
        using var api = ApiClient(portal.Alice);
        using var issue = await api.GetAsync($"/api/v1/servers/{server.Id}/console");
        var refused = await Consoles.RefusedAsync(Path(server.Id, pending), portal.Alice.Cookies, Consoles.Origin);

        Assert.Equal(1, closed);
        Assert.True(clock.Elapsed < ConsoleClient.PromptClose, $"closed after {clock.Elapsed}");
        Assert.Equal("The server was suspended.", ending);
        Assert.Equal(HttpStatusCode.Conflict, issue.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(0, portal.Sessions.CountOpen(serverId: server.Id));
        var audit = await WaitForAsync(async db => await db.ConsoleSessions.AsNoTracking()
            .Where(s => s.ServerId == server.Id && s.EndedAt != null).ToListAsync());
        Assert.Equal("revoked: The server was suspended.", Assert.Single(audit).EndReason);
    }

    [Fact]
    public async Task Suspending_through_the_lifecycle_closes_the_open_console_at_once()
    {
        var server = await RunningServers.CreateAsync(portal.Factory.Services, portal.Alice.Email);
        using var socket = await Consoles.ConnectAsync(Path(server.Id, Ticket(portal.Alice, server)), portal.Alice.Cookies, Consoles.Origin);
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        await using var scope = portal.Factory.Services.CreateAsyncScope();

        var clock = Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Servers.Lifecycle.ServerLifecycle>().SuspendAsync(server.Id);
        var ending = await ConsoleClient.ReadToEndAsync(socket);
        clock.Stop();

        Assert.True(result.Accepted, result.Message);
        Assert.True(clock.Elapsed < ConsoleClient.PromptClose, $"closed after {clock.Elapsed}");
        Assert.Equal("The server has been suspended.", ending);
    }

    [Fact]
    public async Task No_console_opens_while_a_suspension_is_under_way()
    {
        var server = await RunningServers.CreateAsync(portal.Factory.Services, portal.Alice.Email);
        var pending = Ticket(portal.Alice, server);
        await using (var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Operation, ServerOperation.Suspend));
        }

        using var api = ApiClient(portal.Alice);
        using var issue = await api.GetAsync($"/api/v1/servers/{server.Id}/console");
        var refused = await Consoles.RefusedAsync(Path(server.Id, pending), portal.Alice.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Conflict, issue.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
    }

    [Fact]
    public async Task A_read_only_console_shows_output_and_is_closed_when_input_arrives()
    {
        var server = portal.AliceOtherServer;
        using var socket = await Consoles.ConnectAsync(Path(server.Id, portal.Tickets.Mint(portal.Alice.Id, server.Id, null, readOnly: true).Token),
            portal.Alice.Cookies, Consoles.Origin);
        await ConsoleClient.ReadUntilAsync(socket, "Done (");

        await ConsoleClient.SendAsync(socket, "stop");
        await ConsoleClient.ReadToEndAsync(socket);

        using var status = await AgentAsync(server).GetAsync("status");
        Assert.Equal("running", (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }

    /// <summary>A problem's status, title and detail (the trace id differs per request), with the server id masked.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, string id)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return $"{problem.GetProperty("status")} {problem.GetProperty("title")} {problem.GetProperty("detail").GetString()!.Replace(id, "ID")}";
    }

    [Fact]
    public async Task Logging_out_closes_the_users_consoles_at_once()
    {
        var (_, logout, ending, elapsed) = await SubmitWithConsoleOpenAsync("/Account/Manage", "/Account/Logout", ("returnUrl", "/"));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("You logged out.", ending);
        Assert.True(elapsed < ConsoleClient.PromptClose, $"closed after {elapsed}");
    }

    [Fact]
    public async Task Signing_out_everywhere_closes_the_users_consoles_at_once_and_ends_the_session()
    {
        var (erin, signOut, ending, elapsed) = await SubmitWithConsoleOpenAsync("/Account/Manage/Activity", "/Account/Manage/SignOutEverywhere");
        using var afterwards = await erin.Client.Http.GetAsync("/Account/Manage/Activity");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/Account/Login", signOut.Headers.Location?.OriginalString);
        Assert.Equal("You signed out everywhere.", ending);
        Assert.True(elapsed < ConsoleClient.PromptClose, $"closed after {elapsed}");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/Account/Login", afterwards.Headers.Location?.OriginalString);
        await using var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == erin.Email);
        Assert.True(await db.AccountActivities.AnyAsync(a => a.UserId == user.Id && a.Kind == AccountActivityKind.SignedOutEverywhere));
    }

    [Fact]
    public async Task Changing_the_password_closes_the_users_consoles_at_once()
    {
        var (_, change, ending, elapsed) = await SubmitWithConsoleOpenAsync("/Account/Manage/ChangePassword", "/Account/Manage/ChangePassword",
            ("_handler", "change-password"), ("Input.OldPassword", AccountJourney.Password), ("Input.NewPassword", "Another-Passw0rd-9"),
            ("Input.ConfirmPassword", "Another-Passw0rd-9"));

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal("Your password changed; open it again.", ending);
        Assert.True(elapsed < ConsoleClient.PromptClose, $"closed after {elapsed}");
    }

    [Fact]
    public async Task Resetting_the_password_by_the_emailed_link_closes_the_users_consoles()
    {
        var hana = await portal.SignInAsync(Roles.Customer);
        using var socket = await OpenConsoleAsync(hana, await RunningServers.CreateAsync(portal.Factory.Services, hana.Email));
        using var anonymous = new PortalClient(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress });
        await anonymous.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = hana.Email });
        var link = Mailbox.LinkIn(await portal.Factory.Mailbox.ArrivalAsync(hana.Email, "Reset"), "/Account/ResetPassword");

        using var reset = await anonymous.SubmitFormAsync(new Uri(link).PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = hana.Email, ["Input.Password"] = "Reset-Passw0rd-77", ["Input.ConfirmPassword"] = "Reset-Passw0rd-77",
        });

        Assert.Contains("ResetPasswordConfirmation", reset.Headers.Location?.OriginalString);
        Assert.Equal("The password was reset; sign in again.", await ConsoleClient.ReadToEndAsync(socket));
    }

    [Fact]
    public async Task A_server_whose_address_left_the_management_network_gets_no_console_connection()
    {
        var ivy = await portal.SignInAsync(Roles.Customer);
        var server = await RunningServers.CreateAsync(portal.Factory.Services, ivy.Email);
        // As if the container had reported the portal's own loopback: the console must not be forwarded there.
        await using (var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IpAddress, "127.0.0.1"));
        }

        var refused = await Consoles.RefusedAsync(Path(server.Id, Ticket(ivy, server)), ivy.Cookies, Consoles.Origin);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(0, portal.Sessions.CountOpen(serverId: server.Id));
    }

    [Fact]
    public async Task Signing_out_everywhere_without_the_antiforgery_token_changes_nothing()
    {
        var frank = await portal.SignInAsync(Roles.Customer);
        using var socket = await OpenConsoleAsync(frank, await RunningServers.CreateAsync(portal.Factory.Services, frank.Email));

        using var signOut = await frank.Client.Http.PostAsync("/Account/Manage/SignOutEverywhere", new FormUrlEncodedContent([]));
        using var afterwards = await frank.Client.Http.GetAsync("/Account/Manage/Activity");

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Moving_a_server_to_another_customer_closes_its_consoles_and_only_the_new_owner_may_open_one()
    {
        var grace = await portal.SignInAsync(Roles.Customer);
        var heidi = await portal.SignInAsync(Roles.Customer);
        var admin = await portal.SignInAsync(Roles.Admin, twoFactor: true);
        var server = await RunningServers.CreateAsync(portal.Factory.Services, grace.Email);
        using var socket = await OpenConsoleAsync(grace, server);
        using var api = ApiClient(admin);

        var clock = Stopwatch.StartNew();
        using var moved = await api.PostAsJsonAsync($"/api/v1/admin/servers/{server.Id}/transfer", new { ownerEmail = heidi.Email, reason = "account merge, ticket 4711" });
        var ending = await ConsoleClient.ReadToEndAsync(socket);
        clock.Stop();
        using var graceAsks = await ApiClient(grace).GetAsync($"/api/v1/servers/{server.Id}/console");
        using var heidiAsks = await ApiClient(heidi).GetAsync($"/api/v1/servers/{server.Id}/console");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("The server was moved to another account.", ending);
        Assert.True(clock.Elapsed < ConsoleClient.PromptClose, $"closed after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.NotFound, graceAsks.StatusCode);
        Assert.Equal(HttpStatusCode.OK, heidiAsks.StatusCode);
        await using var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var told = await db.AccountActivities.Where(a => a.Kind == AccountActivityKind.ServerTransferredByStaff && a.Detail.Contains($"(#{server.Id})")).ToListAsync();
        Assert.Contains(told, a => a.UserId == grace.Id && a.Detail.Contains("account merge, ticket 4711"));
        Assert.Contains(told, a => a.UserId == heidi.Id && a.Detail.Contains("moved to your account"));
    }

    [Fact]
    public async Task A_transfer_needs_a_reason_and_an_existing_customer_and_changes_nothing_otherwise()
    {
        var ivan = await portal.SignInAsync(Roles.Customer);
        var admin = await portal.SignInAsync(Roles.Admin, twoFactor: true);
        var server = await RunningServers.CreateAsync(portal.Factory.Services, ivan.Email);
        using var api = ApiClient(admin);

        using var noReason = await api.PostAsJsonAsync($"/api/v1/admin/servers/{server.Id}/transfer", new { ownerEmail = portal.Bob.Email });
        using var nobody = await api.PostAsJsonAsync($"/api/v1/admin/servers/{server.Id}/transfer", new { ownerEmail = "nobody@example.test", reason = "x" });
        using var staff = await api.PostAsJsonAsync($"/api/v1/admin/servers/{server.Id}/transfer", new { ownerEmail = portal.Support.Email, reason = "x" });
        using var missing = await api.PostAsJsonAsync("/api/v1/admin/servers/999999/transfer", new { ownerEmail = portal.Bob.Email, reason = "x" });
        using var byCustomer = await ApiClient(ivan).PostAsJsonAsync($"/api/v1/admin/servers/{server.Id}/transfer", new { ownerEmail = portal.Bob.Email, reason = "x" });
        using var stillIvans = await ApiClient(ivan).GetAsync($"/api/v1/servers/{server.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, staff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIvans.StatusCode);

        // A server on its way out stays with its owner, as the admin page (which offers no "Move" then) implies.
        await using var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ServerStatus.Deleting));
        using var whileDeleting = await api.PostAsJsonAsync($"/api/v1/admin/servers/{server.Id}/transfer", new { ownerEmail = portal.Bob.Email, reason = "x" });
        Assert.Equal(HttpStatusCode.Conflict, whileDeleting.StatusCode);
        Assert.Equal(ivan.Id, await db.Servers.Where(s => s.Id == server.Id).Select(s => s.OwnerId).SingleAsync());
        await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ServerStatus.Running));

        // A move decided on an owner that another move has replaced meanwhile is refused, so nobody is told wrongly.
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var raced = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().TransferAsync(server.Id, portal.Bob.Id, portal.Alice.Id);
        Assert.Equal(ServerRequestOutcome.Conflict, raced.Outcome);
        Assert.Equal(ivan.Id, await db.Servers.Where(s => s.Id == server.Id).Select(s => s.OwnerId).SingleAsync());
    }

    [Fact]
    public async Task A_role_change_closes_the_staff_members_consoles()
    {
        var email = await AccountJourney.CreateAsync(portal.Factory, Roles.Support);
        await AccountJourney.EnableTwoFactorAsync(portal.Factory, email);
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        var staffId = (await directory.ListAsync(email, 0, 1)).Rows.Single().Id;
        var ticket = portal.Tickets.Mint(staffId, portal.BobServer.Id, "checking a crash report", readOnly: false);
        using var socket = await Consoles.ConnectAsync(Path(portal.BobServer.Id, ticket.Token));
        await ConsoleClient.ReadUntilAsync(socket, "Done (");

        var changed = await directory.SetRoleAsync(email, Roles.Customer, "test");
        var ending = await ConsoleClient.ReadToEndAsync(socket);

        Assert.True(changed.Succeeded, changed.Message);
        Assert.Equal("Your role changed; sign in again.", ending);
    }

    [Fact]
    public async Task A_user_can_hold_only_so_many_consoles_at_once()
    {
        var dave = await portal.SignInAsync(Roles.Customer);
        var server = await RunningServers.CreateAsync(portal.Factory.Services, dave.Email);
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                open.Add(await Consoles.ConnectAsync(Path(server.Id, Ticket(dave, server)), dave.Cookies, Consoles.Origin));
            }

            var ninth = await Consoles.RefusedAsync(Path(server.Id, Ticket(dave, server)), dave.Cookies, Consoles.Origin);

            Assert.Equal(HttpStatusCode.TooManyRequests, ninth.Status);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary><paramref name="account"/>'s console of <paramref name="server"/>, opened from the portal's page and read past the boot log.</summary>
    private async Task<ClientWebSocket> OpenConsoleAsync(Account account, RunningServer server)
    {
        var socket = await Consoles.ConnectAsync(Path(server.Id, Ticket(account, server)), account.Cookies, Consoles.Origin);
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        return socket;
    }

    /// <summary>
    /// Signs a new customer in with a console open, submits one of the account's forms (its token read from
    /// <paramref name="formPage"/>), and returns the answer, the console's close description and how long it stayed open.
    /// </summary>
    private async Task<(Account Account, HttpResponseMessage Response, string? Ending, TimeSpan Elapsed)> SubmitWithConsoleOpenAsync(
        string formPage, string action, params (string Name, string Value)[] fields)
    {
        var account = await portal.SignInAsync(Roles.Customer);
        using var socket = await OpenConsoleAsync(account, await RunningServers.CreateAsync(portal.Factory.Services, account.Email));
        var token = await FormTokenAsync(account, formPage);
        var clock = Stopwatch.StartNew();
        var response = await SubmitFormAsync(account, action, token, fields);
        var ending = await ConsoleClient.ReadToEndAsync(socket);
        return (account, response, ending, clock.Elapsed);
    }

    private static async Task<string> FormTokenAsync(Account account, string page) =>
        WebUtility.HtmlDecode(AntiforgeryToken().Match(await account.Client.GetStringAsync(page)).Groups[1].Value);

    private static Task<HttpResponseMessage> SubmitFormAsync(Account account, string action, string token, params (string Name, string Value)[] fields) =>
        account.Client.Http.PostAsync(action, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Prepend(KeyValuePair.Create("__RequestVerificationToken", token))));

    private HttpClient ApiClient(Account account)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = portal.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiToken);
        return client;
    }

    private static HttpClient AgentAsync(RunningServer server)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{server.IpAddress}:18888/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AgentCredential);
        return client;
    }

    private Task<List<JsonElement>> AgentRequestsAsync(int vmid) => AgentRequests.ReadAsync(portal.Factory.Services, vmid);

    private async Task<List<T>> WaitForAsync<T>(Func<AppDbContext, Task<List<T>>> query)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await using var db = await portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var rows = await query(db);
            if (rows.Count > 0 || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(Eventually.Interval);
        }
    }
}
