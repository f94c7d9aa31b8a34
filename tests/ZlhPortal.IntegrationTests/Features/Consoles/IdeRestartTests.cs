using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>A restart of the portal (an upgrade, a crash) leaves open IDEs signed in: the IDE cookie is kept in the database.</summary>
public sealed class IdeRestartTests : IDisposable
{
    // Outside the per-factory blocks (100–249), so no other test's agents share it; both runs of the portal use it.
    private const string AgentBlock = "127.252.0.0/16";

    private readonly string shared = Directory.CreateTempSubdirectory("zlh-ide-restart-").FullName;

    [Fact]
    public async Task An_ide_cookie_keeps_working_after_the_portal_restarts()
    {
        string database;
        RunningServer server;
        string cookie;
        using (var before = Instance(TestDatabase.IsPostgreSql ? null : $"Data Source={Path.Combine(shared, "portal.db")}"))
        {
            using var browser = new IdeBrowser(before.StartOnKestrel());
            database = before.DatabaseConnectionString;
            var email = await AccountJourney.CreateAsync(before, Roles.Customer);
            server = await RunningServers.CreateDevAsync(before.Services, email);
            var ticket = await before.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, readOnly: false, TicketPurpose.Ide);
            using var enter = await browser.PostTicketAsync(browser.Host(server.Id, IdeProxy.EnterPath), ticket.Token, browser.Origin(server.Id));
            Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
            cookie = enter.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
            using var page = await browser.SendWithCookiesAsync(browser.Host(server.Id), cookie);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var after = Instance(database);
        using var again = new IdeBrowser(after.StartOnKestrel());
        using var pageAfter = await again.SendWithCookiesAsync(again.Host(server.Id), cookie);
        using var otherCookie = await again.SendWithCookiesAsync(again.Host(server.Id), cookie[..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.OK, pageAfter.StatusCode);
        Assert.Contains($"IDE · CT {server.Vmid}", await pageAfter.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, otherCookie.StatusCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(shared, recursive: true);
        }
        catch (IOException)
        {
            // A stopping simulator may still be writing its state file there; the OS cleans temp folders (as PortalAppFactory does).
        }
    }

    /// <summary>A portal on <paramref name="database"/> (null: its own), its simulator keeping containers in the shared folder as a real runtime outlives a portal restart.</summary>
    private PortalAppFactory Instance(string? database)
    {
        var factory = new PortalAppFactory()
            .WithSetting("Runtime:Simulator:StateFile", Path.Combine(shared, "simulator.json"))
            .WithSetting("Runtime:Simulator:AgentAddressBlock", AgentBlock);
        return database is null ? factory : factory.WithSetting("Database:ConnectionString", database);
    }
}
