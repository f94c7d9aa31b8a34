using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// Two portal instances on one PostgreSQL database, as behind an edge that sends an IDE host's requests to either: an
/// IDE cookie issued by one works on the other, is renewed wherever it is used, and ends on both when it is revoked.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class IdesAcrossInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    private readonly PortalAppFactory first;
    private readonly PortalAppFactory second;
    private IdeBrowser onFirst = null!;
    private IdeBrowser onSecond = null!;

    public IdesAcrossInstancesTests()
    {
        Assert.True(TestDatabase.IsPostgreSql, $"Instances share IDE sessions through PostgreSQL; set {TestDatabase.Variable} (tests/run.sh does).");
        // Each instance's embedded simulator has its own loopback block; both may reach either (one runtime, as in production).
        first = new PortalAppFactory().WithFakeTime(Start).WithSetting("Runtime:ManagementNetworks:0", "127.0.0.0/8");
        second = new PortalAppFactory().WithFakeTime(Start).WithSetting("Runtime:ManagementNetworks:0", "127.0.0.0/8")
            .WithSetting("Database:ConnectionString", first.DatabaseConnectionString);
    }

    public async Task InitializeAsync()
    {
        onFirst = new IdeBrowser(first.StartOnKestrel());
        onSecond = new IdeBrowser(second.StartOnKestrel());
        await Eventually.UntilAsync(() => Task.FromResult(second.Services.GetRequiredService<PortalEventListener>().ListeningSince),
            since => since is not null, Reach * 5, "the second instance listening");
    }

    public Task DisposeAsync()
    {
        onFirst.Dispose();
        onSecond.Dispose();
        second.Dispose();
        first.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_ide_opened_through_one_instance_works_through_the_other()
    {
        var (server, cookie) = await EnterOnFirstAsync();

        using var page = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id), cookie);
        using var files = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id, "/api/files"), cookie);
        using var terminal = await onSecond.ConnectAsync(server.Id, "/terminal", cookie);
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"IDE · CT {server.Vmid}", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, files.StatusCode);
        Assert.Equal(WebSocketState.Open, terminal.State);
        Assert.Equal(1, second.Services.GetRequiredService<IdeSessions>().CountOpen(serverId: server.Id));
    }

    [Fact]
    public async Task A_cookie_renewed_through_one_instance_keeps_working_through_the_other_past_its_first_expiry()
    {
        var (server, cookie) = await EnterOnFirstAsync();
        using var before = await onFirst.SendWithCookiesAsync(onFirst.Host(server.Id, "/api/files"), cookie);

        // Past half of the 20-minute idle time: used through the second instance, which renews it.
        Advance(TimeSpan.FromMinutes(11));
        using var renewed = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id, "/api/files"), cookie);
        // Past the first instance's own expiry (20 min) but within the renewed one (31 min).
        Advance(TimeSpan.FromMinutes(15));
        using var stillValid = await onFirst.SendWithCookiesAsync(onFirst.Host(server.Id, "/api/files"), cookie);
        Advance(TimeSpan.FromMinutes(21));
        using var idle = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id, "/api/files"), cookie);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Contains(renewed.Headers.GetValues("Set-Cookie"), c => c.StartsWith(cookie + ";", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, idle.StatusCode);
    }

    [Fact]
    public async Task Suspending_the_server_through_one_instance_ends_its_ide_on_the_other_within_two_seconds()
    {
        var (server, cookie) = await EnterOnFirstAsync();
        using var terminal = await onSecond.ConnectAsync(server.Id, "/terminal", cookie);
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");
        await using var scope = first.Services.CreateAsyncScope();

        var clock = Stopwatch.StartNew();
        var suspended = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().SuspendAsync(server.Id);
        var ended = await IdeBrowser.EndsAsync(terminal);
        clock.Stop();
        using var onSecondAfter = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id), cookie);
        using var onFirstAfter = await onFirst.SendWithCookiesAsync(onFirst.Host(server.Id), cookie);

        Assert.True(suspended.Accepted, suspended.Message);
        Assert.True(ended, "The IDE terminal on the second instance stayed open after the suspension.");
        Assert.True(clock.Elapsed < Reach, $"closed after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Forbidden, onSecondAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, onFirstAfter.StatusCode);
    }

    [Fact]
    public async Task A_cookie_revoked_on_one_instance_is_refused_by_an_instance_that_never_served_it()
    {
        var (server, cookie) = await EnterOnFirstAsync();

        // Logging out on the first instance, as its sign-out does (the account keeps its security stamp).
        await first.Services.GetRequiredService<ConsoleSessions>().CloseForUserAsync(server.OwnerId, "You logged out.");
        using var onSecondAfter = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id), cookie);

        Assert.Equal(HttpStatusCode.Forbidden, onSecondAfter.StatusCode);
        Assert.Contains("Open the IDE from the portal", await onSecondAfter.Content.ReadAsStringAsync());
        Assert.Equal(0, second.Services.GetRequiredService<IdeSessions>().CountOpen(serverId: server.Id));
    }

    [Fact]
    public async Task A_cookie_whose_owner_changed_their_password_since_is_refused_by_an_instance_that_never_served_it()
    {
        var (server, cookie) = await EnterOnFirstAsync();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            // What a password change does to the account, without the revocation that goes with it (as if it was lost).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(server.OwnerId))!);
        }

        using var onSecondAfter = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id), cookie);
        using var onSecondAgain = await onSecond.SendWithCookiesAsync(onSecond.Host(server.Id), cookie);

        Assert.Equal(HttpStatusCode.Forbidden, onSecondAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, onSecondAgain.StatusCode);
        Assert.Equal(0, second.Services.GetRequiredService<IdeSessions>().CountOpen(serverId: server.Id));
    }

    [Fact]
    public async Task A_cookie_for_one_server_opens_no_other_servers_ide_on_either_instance()
    {
        var (server, cookie) = await EnterOnFirstAsync();
        var other = await RunningServers.CreateDevAsync(first.Services, await EmailOfAsync(server.OwnerId));

        using var otherOnFirst = await onFirst.SendWithCookiesAsync(onFirst.Host(other.Id), cookie);
        using var otherOnSecond = await onSecond.SendWithCookiesAsync(onSecond.Host(other.Id), cookie);

        Assert.Equal(HttpStatusCode.Forbidden, otherOnFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOnSecond.StatusCode);
    }

    private void Advance(TimeSpan by)
    {
        first.Time!.Advance(by);
        second.Time!.Advance(by);
    }

    /// <summary>A new customer's running dev server, its IDE entered through the first instance; returns its cookie as <c>name=value</c>.</summary>
    private async Task<(RunningServer Server, string Cookie)> EnterOnFirstAsync()
    {
        var email = await AccountJourney.CreateAsync(first, Roles.Customer);
        var server = await RunningServers.CreateDevAsync(first.Services, email);
        var ticket = await first.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, readOnly: false, TicketPurpose.Ide);
        using var enter = await onFirst.PostTicketAsync(onFirst.Host(server.Id, IdeProxy.EnterPath), ticket.Token, onFirst.Origin(server.Id));
        Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
        return (server, enter.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
    }

    private async Task<string> EmailOfAsync(string userId)
    {
        await using var scope = first.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId))!.Email!;
    }
}
