using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

/// <summary>
/// A forged Host header must not steer a victim's password-reset link to the attacker: links come from
/// Portal:PublicUrl, and requests for hosts the portal does not serve are refused.
/// </summary>
public sealed class HostHeaderTests
{
    private const string PublicUrl = "https://portal.example.test";

    private static PortalClient ClientFor(PortalAppFactory factory, string host) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{host}"), AllowAutoRedirect = false }));

    [Fact]
    public async Task Requests_for_a_host_the_portal_does_not_serve_are_refused_and_send_no_mail()
    {
        using var factory = new PortalAppFactory().WithSetting("Portal:PublicUrl", PublicUrl);
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var forged = ClientFor(factory, "attacker.example");

        var response = await forged.Http.GetAsync("/Account/ForgotPassword");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(factory.Mailbox.MessagesTo(email));
    }

    [Theory]
    [InlineData("portal.example.test", "/health/live")]
    [InlineData("127.0.0.1", "/health/live")]
    [InlineData("localhost", "/pricing")]
    public async Task The_public_host_loopback_and_ide_hosts_are_served(string host, string path)
    {
        using var factory = new PortalAppFactory().WithSetting("Portal:PublicUrl", PublicUrl);
        using var client = ClientFor(factory, host);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_ide_host_is_not_refused_as_a_foreign_host()
    {
        using var factory = new PortalAppFactory().WithSetting("Portal:PublicUrl", PublicUrl);
        using var client = ClientFor(factory, "7.ide.localhost");

        Assert.NotEqual(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Even_where_every_host_is_allowed_the_reset_link_points_at_the_public_url()
    {
        using var factory = new PortalAppFactory().WithSetting("Portal:PublicUrl", PublicUrl).WithSetting("AllowedHosts", "*");
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var forged = ClientFor(factory, "attacker.example");

        await forged.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

        var link = Mailbox.LinkIn(factory.Mailbox.Single(email, "Reset"), "/Account/ResetPassword");
        Assert.StartsWith(PublicUrl + "/Account/ResetPassword?code=", link, StringComparison.Ordinal);
    }
}
