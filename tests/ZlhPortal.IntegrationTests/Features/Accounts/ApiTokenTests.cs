using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

public sealed class ApiTokenTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    private HttpClient ClientWith(string? token)
    {
        var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task<string> CreateTokenAsync(string email, int days = 30)
    {
        var output = new StringWriter();
        var exit = await PortalCli.RunAsync(factory.Services, ["tokens", "create", "--email", email, "--name", "script", "--days", days.ToString()], output, TextWriter.Null);
        Assert.Equal(0, exit);
        return output.ToString().TrimEnd().Split('\n')[^1].Trim();
    }

    [Fact]
    public async Task The_cli_prints_a_token_that_authenticates_api_calls()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var token = await CreateTokenAsync(email);

        Assert.StartsWith("zlh_", token);
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(token).GetAsync("/api/v1/servers")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("zlh_000000000000_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not a token at all")]
    public async Task Calls_without_a_valid_token_get_401_problem_details(string? token)
    {
        var response = await ClientWith(token).GetAsync("/api/v1/servers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Expired_and_revoked_tokens_stop_working()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var shortLived = await CreateTokenAsync(email, days: 1);
        var revoked = await CreateTokenAsync(email, days: 30);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
            var userId = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
            var row = (await tokens.ListAsync(userId)).Single(t => revoked.Contains(t.Prefix));
            Assert.True(await tokens.RevokeAsync(userId, row.Id));
        }

        factory.Time!.Advance(TimeSpan.FromDays(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith(shortLived).GetAsync("/api/v1/servers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith(revoked).GetAsync("/api/v1/servers")).StatusCode);
    }

    [Theory]
    [InlineData("Customer", "Admin")]
    [InlineData("Customer", "Support")]
    [InlineData("Admin", "Customer")]
    public async Task A_role_change_revokes_the_tokens_made_under_the_old_role(string from, string to)
    {
        var email = await AccountJourney.CreateAsync(factory, from);
        if (from != "Customer")
        {
            await AccountJourney.EnableTwoFactorAsync(factory, email);
        }

        var token = await CreateTokenAsync(email);
        using var client = ClientWith(token);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/servers")).StatusCode);

        var output = new StringWriter();
        Assert.Equal(0, await PortalCli.RunAsync(factory.Services, ["users", "set-role", "--email", email, "--role", to], output, TextWriter.Null));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/servers")).StatusCode);
        Assert.Contains("API token(s) were revoked", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locking_an_account_with_wrong_passwords_does_not_stop_its_api_tokens()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var token = await CreateTokenAsync(email);
        using var web = factory.CreatePortalClient();
        for (var i = 0; i < 5; i++)
        {
            await AccountJourney.LogInAsync(web, email, "Wrong-Passw0rd-" + i);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
        }

        Assert.Equal(HttpStatusCode.OK, (await ClientWith(token).GetAsync("/api/v1/servers")).StatusCode);
    }

    [Fact]
    public async Task A_customer_token_gets_403_on_admin_endpoints()
    {
        var token = await CreateTokenAsync(await AccountJourney.CreateAsync(factory, "Customer"));

        var response = await ClientWith(token).GetAsync("/api/v1/admin/servers");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Staff_need_two_factor_before_they_can_create_tokens()
    {
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        var error = new StringWriter();

        var exit = await PortalCli.RunAsync(factory.Services, ["tokens", "create", "--email", admin, "--name", "ops"], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains("two-factor", error.ToString());
        await AccountJourney.EnableTwoFactorAsync(factory, admin);
        var token = await CreateTokenAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(token).GetAsync("/api/v1/admin/servers")).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_created_listed_and_revoked_on_the_account_page()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);

        var created = await client.SubmitFormAsync("/Account/Manage/ApiTokens", "create-token",
            new Dictionary<string, string> { ["Input.Name"] = "<b>ci</b>", ["Input.Days"] = "7" });
        var html = await created.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "id=\"new-token\"[^>]*>([^<]+)<").Groups[1].Value;

        Assert.StartsWith("zlh_", token);
        Assert.Contains("&lt;b&gt;ci&lt;/b&gt;", html);
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(token).GetAsync("/api/v1/servers")).StatusCode);
        var page = await client.GetStringAsync("/Account/Manage/ApiTokens");
        Assert.DoesNotContain(token, page);
    }

    [Fact]
    public async Task Each_token_is_rate_limited_with_retry_after()
    {
        using var limited = new PortalAppFactory().WithSetting("Portal:RateLimiting:Api:PermitLimit", "3").WithSetting("Portal:RateLimiting:Api:WindowSeconds", "3600");
        var email = await AccountJourney.CreateAsync(limited, "Customer");
        var output = new StringWriter();
        await PortalCli.RunAsync(limited.Services, ["tokens", "create", "--email", email, "--name", "loop"], output, TextWriter.Null);
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", output.ToString().TrimEnd().Split('\n')[^1].Trim());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/servers")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var last = await client.GetAsync("/api/v1/servers");
        Assert.True(last.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Made_up_bearer_strings_share_their_address_s_bucket_instead_of_buying_new_ones()
    {
        using var limited = new PortalAppFactory().WithSetting("Portal:RateLimiting:Api:PermitLimit", "3").WithSetting("Portal:RateLimiting:Api:WindowSeconds", "3600");
        var email = await AccountJourney.CreateAsync(limited, "Customer");
        var output = new StringWriter();
        await PortalCli.RunAsync(limited.Services, ["tokens", "create", "--email", email, "--name", "own"], output, TextWriter.Null);
        var valid = output.ToString().TrimEnd().Split('\n')[^1].Trim();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var forged = limited.CreateClient();
            forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"zlh_{Guid.NewGuid():N}");
            statuses.Add((await forged.GetAsync("/api/v1/servers")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        using var owner = limited.CreateClient();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", valid);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/servers")).StatusCode);
    }

    public void Dispose() => factory.Dispose();
}
