using System.Net;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

public sealed class AuthorizationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/admin/activity")]
    [InlineData("/admin/jobs")]
    [InlineData("/support")]
    public async Task A_customer_gets_403_on_staff_pages(string path)
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You don't have access to this page", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/jobs")]
    [InlineData("/")]
    public async Task Staff_without_two_factor_are_sent_to_set_it_up(string path)
    {
        var email = await AccountJourney.CreateAsync(factory, "Admin");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", response.Headers.Location!.ToString());
        var (_, setup) = await client.FollowAsync(response);
        Assert.Contains("Staff accounts must use two-factor authentication", setup);
    }

    [Fact]
    public async Task An_admin_with_two_factor_reaches_the_admin_area_and_the_jobs_dashboard()
    {
        var email = await AccountJourney.CreateAsync(factory, "Admin");
        var key = await AccountJourney.EnableTwoFactorAsync(factory, email);
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(client, email, key);

        var admin = await client.GetAsync("/admin");
        var jobs = await client.GetAsync("/admin/jobs");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Admin overview", await admin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Contains("Hangfire", await jobs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Support_with_two_factor_reaches_support_but_not_admin()
    {
        var email = await AccountJourney.CreateAsync(factory, "Support");
        var key = await AccountJourney.EnableTwoFactorAsync(factory, email);
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(client, email, key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/support")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin")).StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/jobs")]
    [InlineData("/Account/Manage")]
    public async Task Anonymous_visitors_are_sent_to_log_in(string path)
    {
        using var client = factory.CreatePortalClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_the_auth_cookie_is_host_only()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();

        var login = await AccountJourney.LogInAsync(client, email);
        var page = await client.GetAsync("/");

        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("zlh.auth"));
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("http://", csp);
        Assert.Equal("nosniff", string.Join("", page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join("", page.Headers.GetValues("X-Frame-Options")));
        Assert.True(page.Headers.Contains("Referrer-Policy"));
    }
}
