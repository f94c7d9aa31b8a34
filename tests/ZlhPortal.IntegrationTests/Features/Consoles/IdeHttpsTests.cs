using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Consoles;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>The production setting on IDE hosts: HTTPS only, and the IDE cookie is a secure <c>__Host-</c> cookie.</summary>
public sealed class IdeHttpsTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Portal:RequireHttps", "true");

    [Fact]
    public async Task Over_https_the_ide_cookie_is_secure_host_only_and_prefixed_and_opens_the_ide()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await RunningServers.CreateDevAsync(factory.Services, email);
        var ticket = await factory.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, false, TicketPurpose.Ide);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{server.Id}.ide.localhost"), AllowAutoRedirect = false });

        using var confirm = await client.GetAsync($"{IdeProxy.EnterPath}?ticket={ticket.Token}");
        using var button = new HttpRequestMessage(HttpMethod.Post, IdeProxy.EnterPath)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("ticket", ticket.Token)]),
        };
        button.Headers.Add("Origin", $"https://{server.Id}.ide.localhost");
        using var enter = await client.SendAsync(button);
        using var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.False(confirm.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.SeeOther, enter.StatusCode);
        var cookie = Assert.Single(enter.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-zlh.ide=", cookie);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"IDE · CT {server.Vmid}", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Plain_http_on_an_ide_host_gets_a_clear_refusal()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://7.ide.localhost"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("HTTPS only", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => factory.Dispose();
}
