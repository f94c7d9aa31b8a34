using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

/// <summary>Every account form and link with hostile or broken input: a clear message, nothing changed, never a 500.</summary>
public sealed class BadInputTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly string TenKilobytes = new('a', 10 * 1024);

    public static TheoryData<string, string, string> BadSignUps => new()
    {
        { "not-an-email", AccountJourney.Password, "Email field is not a valid e-mail address" },
        { TenKilobytes + "@example.test", AccountJourney.Password, "Email must be a string" },
        { "short@example.test", "short", "Password must be at least 10" },
        { "weak@example.test", "alllowercaseletters", "uppercase" },
        { "<script>alert(1)</script>@example.test", AccountJourney.Password, "is invalid" },
    };

    [Theory]
    [MemberData(nameof(BadSignUps))]
    public async Task Bad_sign_ups_explain_the_problem_and_create_nothing(string email, string password, string expected)
    {
        using var client = factory.CreatePortalClient();

        var response = await AccountJourney.SignUpAsync(client, email, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountUsersAsync(email));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("Zoë 🎮 服务器")]
    public async Task Display_names_with_markup_or_unicode_are_stored_as_text_and_shown_escaped(string name)
    {
        var email = AccountJourney.NewEmail();
        using var client = factory.CreatePortalClient();
        await AccountJourney.SignUpAsync(client, email, name: name);
        await client.GetAsync(Mailbox.LinkIn(factory.Mailbox.Single(email, "Confirm"), "/Account/ConfirmEmail"));
        await AccountJourney.LogInAsync(client, email);

        var page = await client.GetStringAsync("/Account/Manage");

        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(name).Length > 0 ? "Display name" : "", page);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(name, (await db.Users.SingleAsync(u => u.Email == email)).DisplayName);
    }

    [Fact]
    public async Task Sign_up_without_accepting_the_terms_is_refused()
    {
        using var client = factory.CreatePortalClient();
        var email = AccountJourney.NewEmail();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "No Terms",
            ["Input.Email"] = email,
            ["Input.Password"] = AccountJourney.Password,
            ["Input.ConfirmPassword"] = AccountJourney.Password,
        });

        Assert.Contains("accept the terms", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountUsersAsync(email));
    }

    [Theory]
    [InlineData("/Account/ConfirmEmail?userId=nobody&code=abc")]
    [InlineData("/Account/ConfirmEmail?userId=nobody&code=%%%%")]
    [InlineData("/Account/ConfirmEmailChange?userId=nobody&email=x@example.test&code=!!!")]
    [InlineData("/Account/ResetPassword?code=***not-base64***")]
    public async Task Broken_or_forged_links_show_a_message_instead_of_failing(string url)
    {
        using var client = factory.CreatePortalClient();

        var response = await client.GetAsync(url);
        var (final, html) = await client.FollowAsync(response);

        Assert.NotEqual(HttpStatusCode.InternalServerError, final.StatusCode);
        Assert.Matches("invalid|expired", html);
    }

    [Fact]
    public async Task A_confirmation_link_for_another_account_does_not_confirm_it()
    {
        using var client = factory.CreatePortalClient();
        var first = AccountJourney.NewEmail();
        var second = AccountJourney.NewEmail();
        await AccountJourney.SignUpAsync(client, first);
        await AccountJourney.SignUpAsync(client, second);
        var firstLink = Mailbox.LinkIn(factory.Mailbox.Single(first, "Confirm"), "/Account/ConfirmEmail");
        var secondId = await UserIdAsync(second);
        var forged = System.Text.RegularExpressions.Regex.Replace(firstLink, "userId=[^&]+", $"userId={secondId}");

        var response = await client.GetAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid or has expired", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_reset_link_is_refused_with_a_message()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();
        await client.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        var link = Mailbox.LinkIn(factory.Mailbox.Single(email, "Reset"), "/Account/ResetPassword");
        // Using the link once consumes it (the security stamp changes), exactly as an expired one is refused.
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Another-Passw0rd-1",
            ["Input.ConfirmPassword"] = "Another-Passw0rd-1",
        };
        await client.SubmitFormAsync(link, "reset-password", fields);

        fields["Input.Password"] = fields["Input.ConfirmPassword"] = "Yet-Another-Passw0rd-2";
        var again = await client.SubmitFormAsync(link, "reset-password", fields);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("invalid or has expired", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email, "Another-Passw0rd-1")).StatusCode);
    }

    [Fact]
    public async Task Submitting_sign_up_twice_creates_one_account()
    {
        using var client = factory.CreatePortalClient();
        var email = AccountJourney.NewEmail();

        var first = AccountJourney.SignUpAsync(client, email);
        var second = AccountJourney.SignUpAsync(client, email);
        var responses = await Task.WhenAll(first, second);

        Assert.All(responses, r => Assert.NotEqual(HttpStatusCode.InternalServerError, r.StatusCode));
        Assert.Equal(1, await CountUsersAsync(email));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected_and_changes_nothing()
    {
        using var client = factory.CreatePortalClient();
        var email = AccountJourney.NewEmail();

        var response = await client.Http.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["Input.DisplayName"] = "Forged",
            ["Input.Email"] = email,
            ["Input.Password"] = AccountJourney.Password,
            ["Input.ConfirmPassword"] = AccountJourney.Password,
            ["Input.AcceptTerms"] = "true",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountUsersAsync(email));
    }

    private async Task<int> CountUsersAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalized = email.ToUpperInvariant();
        return await db.Users.CountAsync(u => u.NormalizedEmail == normalized);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
