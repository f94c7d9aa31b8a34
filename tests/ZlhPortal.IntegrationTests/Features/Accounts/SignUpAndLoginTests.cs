using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

public sealed class SignUpAndLoginTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Migrations_bring_an_empty_database_to_the_current_model()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes without a migration.");
        if (TestDatabase.IsPostgreSql)
        {
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
            return;
        }

        var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", Assert.Single(journal));
    }

    [Fact]
    public async Task A_new_user_signs_up_confirms_by_the_emailed_link_and_logs_in()
    {
        using var client = factory.CreatePortalClient();
        var email = AccountJourney.NewEmail();

        var signUp = await AccountJourney.SignUpAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        Assert.Contains("RegisterConfirmation", signUp.Headers.Location!.ToString());

        var beforeConfirming = await AccountJourney.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, beforeConfirming.StatusCode);
        Assert.Contains("Invalid login attempt", await beforeConfirming.Content.ReadAsStringAsync());

        var message = factory.Mailbox.Single(email, "Confirm");
        var confirm = await client.GetAsync(Mailbox.LinkIn(message, "/Account/ConfirmEmail"));
        Assert.Contains("Thank you for confirming", await confirm.Content.ReadAsStringAsync());

        var login = await AccountJourney.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var (_, home) = await client.FollowAsync(login);
        Assert.Contains("Your servers", home);
        Assert.Contains("You have no servers yet", home);
    }

    [Fact]
    public async Task Signing_up_again_with_a_registered_email_answers_the_same_and_tells_the_owner_by_email()
    {
        using var client = factory.CreatePortalClient();
        var email = AccountJourney.NewEmail();
        await AccountJourney.SignUpAsync(client, email);

        var again = await AccountJourney.SignUpAsync(client, email, name: "Someone Else");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("RegisterConfirmation", again.Headers.Location!.ToString());
        Assert.Single(factory.Mailbox.MessagesTo(email), m => m.Subject?.Contains("already have") == true);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("Test User", (await db.Users.SingleAsync(u => u.Email == email)).DisplayName);
    }

    [Fact]
    public async Task A_weak_password_gets_the_same_answer_for_a_registered_and_a_new_address()
    {
        using var client = factory.CreatePortalClient();
        var known = AccountJourney.NewEmail();
        await AccountJourney.SignUpAsync(client, known);
        var unknown = AccountJourney.NewEmail();

        var forKnown = await AccountJourney.SignUpAsync(client, known, password: "alllowercase");
        var forUnknown = await AccountJourney.SignUpAsync(client, unknown, password: "alllowercase");

        Assert.Equal(forUnknown.StatusCode, forKnown.StatusCode);
        Assert.Equal(Comparable(await forUnknown.Content.ReadAsStringAsync(), unknown), Comparable(await forKnown.Content.ReadAsStringAsync(), known));
        Assert.Contains("Passwords must", await forKnown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(factory.Mailbox.MessagesTo(known));
    }

    /// <summary>
    /// What the page answers, as an observer compares it: the form and its messages, with the address typed in and the
    /// per-response antiforgery token set aside (the rest of the page carries per-response framework state).
    /// </summary>
    private static string Comparable(string html, string email)
    {
        var start = html.IndexOf("<h1>", StringComparison.Ordinal);
        var form = html[start..(html.IndexOf("</form>", start, StringComparison.Ordinal) + 7)].Replace(email, "EMAIL");
        return System.Text.RegularExpressions.Regex.Replace(form, "CfDJ8[A-Za-z0-9_-]+", "TOKEN");
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_known_and_unknown_emails_and_the_link_resets_it()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();

        var known = await client.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        var unknown = await client.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = AccountJourney.NewEmail() });
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);

        var link = Mailbox.LinkIn(factory.Mailbox.Single(email, "Reset"), "/Account/ResetPassword");
        var reset = await client.SubmitFormAsync(link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Brand-New-Passw0rd",
            ["Input.ConfirmPassword"] = "Brand-New-Passw0rd",
        });
        Assert.Contains("ResetPasswordConfirmation", reset.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email, "Brand-New-Passw0rd")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_answers_wrong_passwords_exactly_as_a_registered_one_lockout_included()
    {
        var known = await AccountJourney.CreateAsync(factory, "Customer");
        var unknown = AccountJourney.NewEmail("nobody");
        using var client = factory.CreatePortalClient();

        // Six wrong passwords each: the answers (a page, or where a redirect leads) must match attempt for attempt.
        var answers = new List<string>();
        foreach (var email in new[] { known, unknown })
        {
            var answer = new List<string>();
            for (var attempt = 0; attempt < 6; attempt++)
            {
                var response = await AccountJourney.LogInAsync(client, email, "Wrong-password-123");
                answer.Add(response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location!.ToString() : ((int)response.StatusCode).ToString());
            }

            answers.Add(string.Join(" ", answer));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Contains("Account/Lockout", answers[1]);
    }

    [Fact]
    public async Task A_failed_sign_in_and_a_refused_sign_up_never_send_the_typed_password_back_in_the_page()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();

        var wrong = await AccountJourney.LogInAsync(client, email, "Typed-Secret-4711");
        var page = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Invalid", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(email, page, StringComparison.Ordinal); // the address stays, so only the password is typed again
        Assert.DoesNotContain("Typed-Secret-4711", page, StringComparison.Ordinal);

        var refused = await AccountJourney.SignUpAsync(client, $"new-{Guid.NewGuid():N}@example.test", "short7A");
        Assert.DoesNotContain("short7A", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await AccountJourney.LogInAsync(client, email, "Wrong-password-123");
        }

        var right = await AccountJourney.LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("Account/Lockout", right.Headers.Location!.ToString());
        Assert.Contains("locked out", (await client.FollowAsync(right)).Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_ins_and_failures_are_in_the_activity_log_with_the_address()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email, "Wrong-password-123");
        await AccountJourney.LogInAsync(client, email);

        var page = await client.GetStringAsync("/Account/Manage/Activity");

        Assert.Contains("Failed sign-in: wrong password", page);
        Assert.Contains("Logged in with password.", page);
        Assert.Contains("Account created with role Customer", page);
    }
}
