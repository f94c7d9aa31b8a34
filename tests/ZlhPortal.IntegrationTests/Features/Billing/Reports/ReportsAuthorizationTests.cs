using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.IntegrationTests.Features.Billing.Reports;

/// <summary>Who may read the reports: admins with two-factor authentication only, through a token or signed in; bad ranges are 400s.</summary>
public sealed class ReportsAuthorizationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly string[] ApiPaths = ["/api/v1/admin/reports/revenue", "/api/v1/admin/reports/mrr"];

    public static TheoryData<string> ApiEndpoints => new(ApiPaths);

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task The_api_answers_admin_tokens_only(string path)
    {
        using var anonymous = factory.CreateClient();
        var customer = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var support = await TokenWithTwoFactorAsync("Support");
        var admin = await TokenWithTwoFactorAsync("Admin");
        var adminEmail = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, adminEmail);
        var adminWithoutTwoFactor = await BillingApiClient.ForAsync(factory, adminEmail);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(adminEmail))!, false)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminWithoutTwoFactor.GetAsync(path)).StatusCode);
        var allowed = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("application/json", allowed.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("?from=2026-13", "'from' must be a month written yyyy-MM")]
    [InlineData("?to=june", "'to' must be a month written yyyy-MM")]
    [InlineData("?from=2026-06&to=2026-05", "is after 'to'")]
    [InlineData("?from=2020-01&to=2025-01", "at most 60 months")]
    [InlineData("?format=xml", "'format' must be json or csv")]
    public async Task A_bad_range_or_format_is_a_400_that_says_what_to_send(string query, string message)
    {
        var admin = await TokenWithTwoFactorAsync("Admin");

        foreach (var path in ApiPaths)
        {
            var response = await admin.GetAsync(path + query);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/admin/reports")]
    [InlineData("/admin/reports/revenue.csv")]
    [InlineData("/admin/reports/mrr.csv")]
    public async Task The_page_and_its_downloads_are_for_signed_in_admins_with_two_factor_only(string path)
    {
        using var anonymous = factory.CreatePortalClient();
        using var customer = await SignedInAsync("Customer", twoFactor: false);
        using var support = await SignedInAsync("Support", twoFactor: true);
        using var adminWithoutTwoFactor = await SignedInAsync("Admin", twoFactor: false);

        // The page sends a visitor to log in; a download (an endpoint, not a page) just answers 401.
        var refused = await anonymous.GetAsync(path);
        if (path.EndsWith(".csv", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/Account/Login", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(path)).StatusCode);
        var setUp = await adminWithoutTwoFactor.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, setUp.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", setUp.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_both_reports_reaches_the_page_from_the_menu_and_downloads_them_with_the_cookie()
    {
        using var admin = await SignedInAsync("Admin", twoFactor: true);
        var thisMonth = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var firstMonth = DateTimeOffset.UtcNow.AddMonths(-11).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var page = await admin.GetAsync("/admin/reports");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var revenue = await admin.GetAsync($"/admin/reports/revenue.csv?from={firstMonth}&to={thisMonth}");
        var mrr = await admin.GetAsync("/admin/reports/mrr.csv");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/admin/reports\"", html, StringComparison.Ordinal);
        Assert.Contains("Recurring revenue and churn", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/reports/revenue.csv?from={firstMonth}&to={thisMonth}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/reports/mrr.csv?from={firstMonth}&to={thisMonth}\"", html, StringComparison.Ordinal);
        foreach (var (response, header) in new[] { (revenue, "month,currency,invoiced,collected,refunded,credit_notes,net"), (mrr, "month,currency,mrr,active") })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith(header, lines[0], StringComparison.Ordinal);
            Assert.Equal(13, lines.Length);
            Assert.StartsWith(firstMonth + ",", lines[1], StringComparison.Ordinal);
            Assert.StartsWith(thisMonth + ",", lines[^1], StringComparison.Ordinal);
        }

        var bad = await admin.GetAsync("/admin/reports/revenue.csv?from=2026-07&to=2026-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is after 'to'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<PortalClient> SignedInAsync(string role, bool twoFactor)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        var client = factory.CreatePortalClient();
        if (twoFactor)
        {
            await AccountJourney.LogInWithTwoFactorAsync(client, email, await AccountJourney.EnableTwoFactorAsync(factory, email));
        }
        else
        {
            await AccountJourney.LogInAsync(client, email);
        }

        return client;
    }

    private async Task<HttpClient> TokenWithTwoFactorAsync(string role)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return await BillingApiClient.ForAsync(factory, email);
    }
}
