using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// The IDE gateway (<c>Ides:Listen</c>): IDE hosts on a listener of their own, where the runtime Traefik sends
/// <c>*.{BaseDomain}</c>, serving IDEs and nothing of the portal.
/// </summary>
public sealed class IdeGatewayTests : IAsyncLifetime
{
    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Ides:Listen", "http://127.0.0.1:0");
    private IdeBrowser browser = null!;
    private Uri gateway = null!;

    public Task InitializeAsync()
    {
        factory.StartOnKestrel();
        gateway = factory.Services.GetRequiredService<IdeGateway>().Address!;
        browser = new IdeBrowser(gateway);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        browser.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_ticket_opens_the_ide_through_the_gateway_with_its_files_and_terminal()
    {
        var owner = await AccountJourney.CreateAsync(factory, Roles.Customer);
        var server = await RunningServers.CreateDevAsync(factory.Services, owner);
        var ticket = await factory.Services.GetRequiredService<ConsoleTickets>()
            .MintAsync(server.OwnerId, server.Id, null, readOnly: false, TicketPurpose.Ide);

        using var enter = await browser.PostTicketAsync(browser.Host(server.Id, IdeProxy.EnterPath), ticket.Token, browser.Origin(server.Id));
        using var page = await browser.Http.GetAsync(browser.Host(server.Id));
        using var save = await browser.Http.PutAsync(browser.Host(server.Id, "/api/files/content?path=gateway.txt"), new StringContent("through the gateway\n"));
        var content = await browser.Http.GetStringAsync(browser.Host(server.Id, "/api/files/content?path=gateway.txt"));
        using var terminal = await browser.ConnectAsync(server.Id, "/terminal");
        await ConsoleClient.ReadUntilAsync(terminal, "$ ");
        await ConsoleClient.SendAsync(terminal, "echo via gateway\n");
        var output = await ConsoleClient.ReadUntilAsync(terminal, "via gateway");
        await terminal.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.NotEqual(factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port), [gateway.Port]);
        Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"IDE · CT {server.Vmid}", await page.Content.ReadAsStringAsync());
        Assert.True(save.IsSuccessStatusCode, $"PUT answered {(int)save.StatusCode}");
        Assert.Equal("through the gateway\n", content);
        Assert.Contains(output, line => line.Contains("via gateway", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_serves_nothing_of_the_portal_and_no_ide_without_a_cookie()
    {
        var owner = await AccountJourney.CreateAsync(factory, Roles.Customer);
        var server = await RunningServers.CreateDevAsync(factory.Services, owner);
        using var plain = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = gateway };

        using var pricing = await plain.GetAsync("/pricing");
        using var login = await plain.GetAsync("/Account/Login");
        using var ide = await browser.Http.GetAsync(browser.Host(server.Id, "/api/files/content?path=notes.txt"));

        Assert.Equal(HttpStatusCode.NotFound, pricing.StatusCode);
        Assert.Contains("No IDE here", await pricing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, ide.StatusCode);
    }
}
