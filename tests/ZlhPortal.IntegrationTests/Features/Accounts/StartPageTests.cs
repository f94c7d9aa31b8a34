using System.Net;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

/// <summary>Where signing in lands: staff on their own overview, customers on their servers, anyone on the page they were going to.</summary>
public sealed class StartPageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<string> SignInAsync(string role, string? returnUrl = null)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        using var client = factory.CreatePortalClient();
        var page = returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var login = await client.SubmitFormAsync(page, "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountJourney.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        if (!Roles.IsStaff(role))
        {
            return PathOf(login);
        }

        // Staff sign in with a second factor.
        var key = await AccountJourney.EnableTwoFactorAsync(factory, email);
        var again = await client.SubmitFormAsync(page, "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountJourney.Password });
        var second = await client.SubmitFormAsync(again.Headers.Location!.ToString(), "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = AccountJourney.TotpCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return PathOf(second);
    }

    private static string PathOf(HttpResponseMessage redirect) => new Uri(new Uri("http://localhost"), redirect.Headers.Location!).AbsolutePath;

    [Theory]
    [InlineData(Roles.Admin, "/admin")]
    [InlineData(Roles.Support, "/support")]
    public async Task Staff_start_on_their_own_overview(string role, string start)
    {
        Assert.Equal(start, await SignInAsync(role));
    }

    [Fact]
    public async Task A_customer_starts_on_their_servers()
    {
        Assert.Equal("/", await SignInAsync(Roles.Customer));
    }

    [Fact]
    public async Task Staff_on_their_way_to_a_page_go_on_to_it()
    {
        Assert.Equal("/admin/servers", await SignInAsync(Roles.Admin, "/admin/servers"));
    }
}
