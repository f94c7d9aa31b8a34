using System.Net.WebSockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// Consoles whose revocation never arrived (nothing was published: the database was changed behind the portal's back)
/// are closed by the periodic re-check, here every second on the real clock.
/// </summary>
public sealed class SessionReauthorizationTests : IAsyncLifetime
{
    private static readonly TimeSpan TwoIntervals = TimeSpan.FromSeconds(2);

    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Consoles:ReauthorizationInterval", "00:00:01");
    private ConsoleClient consoles = null!;

    private ConsoleSessions Sessions => factory.Services.GetRequiredService<ConsoleSessions>();

    public Task InitializeAsync()
    {
        consoles = new ConsoleClient(factory.StartOnKestrel());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_console_whose_account_revocation_was_lost_closes_at_a_recheck()
    {
        var (server, socket) = await OpenConsoleAsync();
        using (socket)
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                // What a password change does to the account, without the revocation that goes with it.
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                await users.UpdateSecurityStampAsync((await users.FindByIdAsync(server.OwnerId))!);
            }

            Assert.Equal(ConsoleSessions.AccessChanged, await ConsoleClient.ReadToEndAsync(socket, TwoIntervals * 2));
            // The close frame goes out first; the session is let go once the forwarding has ended.
            await Eventually.UntilAsync(() => Task.FromResult(Sessions.CountOpen(userId: server.OwnerId)), open => open == 0, TwoIntervals, "the console let go");
        }
    }

    [Fact]
    public async Task A_console_on_a_server_suspended_behind_the_portals_back_closes_at_a_recheck()
    {
        var (server, socket) = await OpenConsoleAsync();
        using (socket)
        {
            await RunningServers.SetStatusAsync(factory.Services, server.Id, ServerStatus.Suspended);

            Assert.Equal("The server has been suspended.", await ConsoleClient.ReadToEndAsync(socket, TwoIntervals * 2));
        }
    }

    [Fact]
    public async Task A_customers_console_on_a_server_moved_to_another_account_closes_and_consoles_that_still_stand_stay_open()
    {
        var (server, moved) = await OpenConsoleAsync();
        var (other, standing) = await OpenConsoleAsync();
        using (moved)
        using (standing)
        {
            await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            {
                await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.OwnerId, other.OwnerId));
            }

            Assert.Equal("The server was moved to another account.", await ConsoleClient.ReadToEndAsync(moved, TwoIntervals * 2));
            var closedNow = await factory.Services.GetRequiredService<SessionReauthorization>().ReauthorizeAsync();

            Assert.Equal(0, closedNow);
            Assert.Equal(WebSocketState.Open, standing.State);
            await ConsoleClient.SendAsync(standing, "list");
            await ConsoleClient.ReadUntilAsync(standing, "players online");
        }
    }

    /// <summary>A new customer's running server with its console open, read past the boot log.</summary>
    private async Task<(RunningServer Server, ClientWebSocket Socket)> OpenConsoleAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, Roles.Customer);
        var server = await RunningServers.CreateAsync(factory.Services, email);
        var ticket = await factory.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, readOnly: false);
        var socket = await consoles.ConnectAsync($"/servers/{server.Id}/console?ticket={ticket.Token}", origin: consoles.Origin);
        await ConsoleClient.ReadUntilAsync(socket, "Done (");
        Assert.Equal(1, Sessions.CountOpen(serverId: server.Id));
        return (server, socket);
    }
}
