using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// Code in an IDE (on a sub-domain of the portal's parent domain) may set cookies on that parent domain, and the
/// browser then sends them to the portal too. Over HTTPS the portal's cookies are <c>__Host-</c> cookies, which
/// no other host can set or shadow, so such cookies neither sign anyone in or out nor break antiforgery.
/// </summary>
public sealed class ParentDomainCookieTests : IDisposable
{
    // What a parent-domain cookie can be named: anything but a __Host- name (browsers refuse __Host- with a Domain).
    private const string Tossed = "zlh.auth=tossed; zlh.af=tossed; .AspNetCore.Antiforgery.x=tossed; .AspNetCore.Identity.Application=tossed; tossed=1";

    private readonly PortalAppFactory factory = new PortalAppFactory().WithSetting("Portal:RequireHttps", "true");

    [Fact]
    public async Task Tossed_cookies_neither_sign_the_user_out_nor_break_the_antiforgery_check()
    {
        using var client = new PortalClient(factory.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(), new ParentDomainCookies(Tossed)));
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var login = await AccountJourney.LogInAsync(client, email);

        using var manage = await client.GetAsync("/Account/Manage");
        using var saved = await client.SubmitFormAsync("/Account/Manage", "profile", new Dictionary<string, string> { ["Input.DisplayName"] = "Renamed" });
        var after = await client.GetStringAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("value=\"Renamed\"", after);
    }

    [Fact]
    public async Task A_tossed_copy_of_someones_session_cookie_signs_nobody_in()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var victim = new PortalClient(factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));
        var login = await AccountJourney.LogInAsync(victim, email);
        var session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-zlh.auth=", StringComparison.Ordinal)).Split(';')[0]["__Host-".Length..];

        // The attacker's IDE plants the session under the only kind of name a parent-domain cookie can have.
        using var visitor = new PortalClient(factory.CreateDefaultClient(new Uri("https://localhost"), new ParentDomainCookies(session)));
        using var manage = await visitor.GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, manage.StatusCode);
        Assert.Contains("/Account/Login", manage.Headers.Location!.ToString());
    }

    public void Dispose() => factory.Dispose();

    /// <summary>Sends parent-domain cookies ahead of the portal's own, as a browser does with older cookies.</summary>
    private sealed class ParentDomainCookies(string cookies) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var own = request.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : "";
            request.Headers.Remove("Cookie");
            request.Headers.TryAddWithoutValidation("Cookie", own.Length == 0 ? cookies : $"{cookies}; {own}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
