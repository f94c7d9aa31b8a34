using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Infrastructure.Web;

/// <summary>The production setting: HTTPS only, secure host-only cookies with the __Host- prefix.</summary>
public sealed class HttpsTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Portal:RequireHttps", "true");

    [Fact]
    public async Task Plain_http_gets_a_clear_refusal_instead_of_a_broken_page()
    {
        var response = await factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("served over HTTPS only", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_probes_still_answer_over_plain_http()
    {
        var response = await factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Over_https_cookies_are_secure_host_only_and_prefixed()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var portal = new PortalClient(client);

        var login = await AccountJourney.LogInAsync(portal, email);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var auth = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-zlh.auth="));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", auth, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => factory.Dispose();
}
