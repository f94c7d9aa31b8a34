using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Nodes;

/// <summary>Who reaches node maintenance and template addition: admins with two-factor only, on the pages and the API.</summary>
public sealed class BackOfficeAuthorizationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/admin/nodes" },
        { "PUT", "/api/v1/admin/nodes/pve1" },
        { "POST", "/api/v1/admin/servers/1/migrate" },
        { "POST", "/api/v1/admin/templates" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_api_refuses_anonymous_callers_customers_support_and_admins_without_two_factor(string method, string path)
    {
        using var anonymous = factory.CreateClient();
        using var customer = await AccountJourney.ApiClientAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        using var support = await ApiClientWithTwoFactorAsync("Support");
        // Staff get no token without two-factor; one made before it was turned off stops working.
        var withoutEmail = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, withoutEmail);
        using var adminWithout = await AccountJourney.ApiClientAsync(factory, withoutEmail);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(withoutEmail))!, false);
        }

        using var admin = await ApiClientWithTwoFactorAsync("Admin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, method, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(customer, method, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(support, method, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(adminWithout, method, path)).StatusCode);
        var allowed = await SendAsync(admin, method, path);
        Assert.NotEqual(HttpStatusCode.Forbidden, allowed.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.StatusCode);
        Assert.True((int)allowed.StatusCode < 500, $"{method} {path}: {(int)allowed.StatusCode}");
    }

    [Theory]
    [InlineData("/admin/nodes", "Nodes")]
    [InlineData("/admin/templates", "Add template")]
    public async Task The_pages_are_for_admins_with_two_factor_only(string path, string marker)
    {
        using var anonymous = factory.CreatePortalClient();
        var toLogin = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.Contains("/Account/Login", toLogin.Headers.Location!.ToString());

        using var customer = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(customer, await AccountJourney.CreateAsync(factory, "Customer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path)).StatusCode);

        using var support = factory.CreatePortalClient();
        var supportEmail = await AccountJourney.CreateAsync(factory, "Support");
        await AccountJourney.LogInWithTwoFactorAsync(support, supportEmail, await AccountJourney.EnableTwoFactorAsync(factory, supportEmail));
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(path)).StatusCode);

        using var adminWithout = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(adminWithout, await AccountJourney.CreateAsync(factory, "Admin"));
        var toSetup = await adminWithout.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, toSetup.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", toSetup.Headers.Location!.ToString());

        using var admin = factory.CreatePortalClient();
        var adminEmail = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.LogInWithTwoFactorAsync(admin, adminEmail, await AccountJourney.EnableTwoFactorAsync(factory, adminEmail));
        var page = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(marker, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> ApiClientWithTwoFactorAsync(string role)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return await AccountJourney.ApiClientAsync(factory, email);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(new { }) });
}
