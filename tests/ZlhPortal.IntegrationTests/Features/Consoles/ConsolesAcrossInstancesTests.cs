using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// Two portal instances on one PostgreSQL database: what is done on one (a password change, signing out everywhere, a
/// server moving to another account, support opening a console) reaches the consoles and console pages held by the other
/// within two seconds, through the portal-wide events.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed partial class ConsolesAcrossInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(2);

    private readonly PortalAppFactory first = new();
    private readonly PortalAppFactory second;
    private Uri firstAddress = null!;
    private ConsoleClient secondConsoles = null!;

    public ConsolesAcrossInstancesTests()
    {
        Assert.True(TestDatabase.IsPostgreSql, $"Instances share events through PostgreSQL; set {TestDatabase.Variable} (tests/run.sh does).");
        second = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString);
    }

    public async Task InitializeAsync()
    {
        firstAddress = first.StartOnKestrel();
        secondConsoles = new ConsoleClient(second.StartOnKestrel());
        await Eventually.UntilAsync(() => Task.FromResult(second.Services.GetRequiredService<PortalEventListener>().ListeningSince),
            since => since is not null, Reach * 5, "the second instance listening");
    }

    public Task DisposeAsync()
    {
        second.Dispose();
        first.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Changing_the_password_on_one_instance_closes_the_users_console_on_the_other_within_two_seconds()
    {
        var (email, client) = await SignInOnFirstAsync();
        using var socket = await OpenConsoleOnSecondAsync(email);

        var token = await FormTokenAsync(client, "/Account/Manage/ChangePassword");

        var clock = Stopwatch.StartNew();
        using var change = await PostAsync(client, "/Account/Manage/ChangePassword", token, ("_handler", "change-password"),
            ("Input.OldPassword", AccountJourney.Password), ("Input.NewPassword", "Another-Passw0rd-9"), ("Input.ConfirmPassword", "Another-Passw0rd-9"));
        var ending = await ConsoleClient.ReadToEndAsync(socket);

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal("Your password changed; open it again.", ending);
        Assert.True(clock.Elapsed < Reach, $"closed after {clock.Elapsed}");
    }

    [Fact]
    public async Task Signing_out_everywhere_on_one_instance_closes_the_users_console_on_the_other_within_two_seconds()
    {
        var (email, client) = await SignInOnFirstAsync();
        using var socket = await OpenConsoleOnSecondAsync(email);
        var token = await FormTokenAsync(client, "/Account/Manage/Activity");

        var clock = Stopwatch.StartNew();
        using var signOut = await PostAsync(client, "/Account/Manage/SignOutEverywhere", token);
        var ending = await ConsoleClient.ReadToEndAsync(socket);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("You signed out everywhere.", ending);
        Assert.True(clock.Elapsed < Reach, $"closed after {clock.Elapsed}");
    }

    [Fact]
    public async Task Moving_a_server_on_one_instance_closes_its_console_on_the_other_within_two_seconds()
    {
        var email = await AccountJourney.CreateAsync(first, Roles.Customer);
        var newOwner = await AccountJourney.CreateAsync(first, Roles.Customer);
        var server = await RunningServers.CreateAsync(second.Services, email);
        using var socket = await OpenConsoleOnSecondAsync(server);
        var newOwnerId = await UserIdAsync(newOwner);
        await using var scope = first.Services.CreateAsyncScope();

        var clock = Stopwatch.StartNew();
        var moved = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().TransferAsync(server.Id, server.OwnerId, newOwnerId);
        var ending = await ConsoleClient.ReadToEndAsync(socket);

        Assert.True(moved.Accepted, moved.Message);
        Assert.Equal("The server was moved to another account.", ending);
        Assert.True(clock.Elapsed < Reach, $"closed after {clock.Elapsed}");
    }

    [Fact]
    public async Task Support_opening_a_console_on_one_instance_is_told_to_the_console_pages_of_the_other()
    {
        var customer = await AccountJourney.CreateAsync(first, Roles.Customer);
        var server = await RunningServers.CreateAsync(first.Services, customer);
        var support = await AccountJourney.CreateAsync(first, Roles.Support);
        await AccountJourney.EnableTwoFactorAsync(first, support);
        var supportId = await UserIdAsync(support);
        var told = new ConcurrentQueue<(int ServerId, string Reason)>();
        var onSecond = second.Services.GetRequiredService<ConsoleSessions>();
        void OnSupportOpened(int serverId, string reason) => told.Enqueue((serverId, reason));
        onSecond.SupportOpened += OnSupportOpened;
        try
        {
            var ticket = await first.Services.GetRequiredService<ConsoleTickets>().MintAsync(supportId, server.Id, "Ticket #7: lag", readOnly: true);
            var firstConsoles = new ConsoleClient(firstAddress);
            var clock = Stopwatch.StartNew();
            using var socket = await firstConsoles.ConnectAsync($"/servers/{server.Id}/console?ticket={ticket.Token}", origin: firstConsoles.Origin);

            await Eventually.UntilAsync(() => Task.FromResult(told.Count), count => count > 0, Reach, "the support notice on the second instance");

            Assert.Equal((server.Id, "Ticket #7: lag"), Assert.Single(told));
            Assert.True(clock.Elapsed < Reach, $"told after {clock.Elapsed}");
        }
        finally
        {
            onSecond.SupportOpened -= OnSupportOpened;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<string> FormTokenAsync(PortalClient client, string page) =>
        WebUtility.HtmlDecode(AntiforgeryToken().Match(await client.GetStringAsync(page)).Groups[1].Value);

    private static Task<HttpResponseMessage> PostAsync(PortalClient client, string action, string token, params (string Name, string Value)[] fields) =>
        client.Http.PostAsync(action, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Prepend(KeyValuePair.Create("__RequestVerificationToken", token))));

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = first.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>A new customer signed in on the first instance (its cookie there).</summary>
    private async Task<(string Email, PortalClient Client)> SignInOnFirstAsync()
    {
        var email = await AccountJourney.CreateAsync(first, Roles.Customer);
        var client = new PortalClient(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = firstAddress,
        });
        var login = await AccountJourney.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (email, client);
    }

    /// <summary>A console of a new running server of <paramref name="email"/>'s, open on the second instance.</summary>
    private async Task<ClientWebSocket> OpenConsoleOnSecondAsync(string email) =>
        await OpenConsoleOnSecondAsync(await RunningServers.CreateAsync(second.Services, email));

    private async Task<ClientWebSocket> OpenConsoleOnSecondAsync(RunningServer server)
    {
        var ticket = await second.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, readOnly: false);
        var socket = await secondConsoles.ConnectAsync($"/servers/{server.Id}/console?ticket={ticket.Token}", origin: secondConsoles.Origin);
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        Assert.Equal(1, second.Services.GetRequiredService<ConsoleSessions>().CountOpen(serverId: server.Id));
        return socket;
    }
}
