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

    private async Task<HttpClient> TokenWithTwoFactorAsync(string role)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return await BillingApiClient.ForAsync(factory, email);
    }
}
