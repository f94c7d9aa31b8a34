using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.IntegrationTests.Infrastructure.Cli;

public sealed class PortalCliTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await PortalCli.RunAsync(factory.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Users_create_without_a_password_prints_a_generated_one_that_logs_in()
    {
        var email = AccountJourney.NewEmail("cli");

        var (exit, output, _) = await RunAsync("users", "create", "--email", email, "--role", "customer");

        Assert.Equal(0, exit);
        var password = output.Split('\n').Single(l => l.StartsWith("Generated password")).Split(": ")[1].Trim();
        using var client = factory.CreatePortalClient();
        var login = await AccountJourney.LogInAsync(client, email, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task Users_list_set_role_and_reset_2fa_work_on_the_same_database()
    {
        var email = AccountJourney.NewEmail("cli");
        Assert.Equal(0, (await RunAsync("users", "create", "--email", email, "--role", "Customer", "--password", AccountJourney.Password)).Exit);
        await AccountJourney.EnableTwoFactorAsync(factory, email);

        var (setExit, setOutput, _) = await RunAsync("users", "set-role", "--email", email, "--role", "Support");
        var (resetExit, _, _) = await RunAsync("users", "reset-2fa", "--email", email);
        var (listExit, list, _) = await RunAsync("users", "list", "--search", email);

        Assert.Equal(0, setExit);
        Assert.Contains("now has the role Support", setOutput);
        Assert.Equal(0, resetExit);
        Assert.Equal(0, listExit);
        var line = Assert.Single(list.Split('\n'), l => l.StartsWith(email));
        Assert.Contains("Support", line);
        Assert.Contains(" off ", line);
    }

    [Theory]
    [InlineData(2, "users", "create", "--role", "Admin")]
    [InlineData(2, "users", "frobnicate")]
    [InlineData(2, "frobnicate")]
    [InlineData(2, "users", "create", "--email")]
    [InlineData(1, "users", "create", "--email", "not-an-email", "--role", "Admin")]
    [InlineData(1, "users", "create", "--email", "ok@example.test", "--role", "Emperor")]
    [InlineData(1, "users", "create", "--email", "weak@example.test", "--role", "Admin", "--password", "short")]
    [InlineData(1, "users", "set-role", "--email", "nobody@example.test", "--role", "Admin")]
    public async Task Bad_arguments_fail_with_a_message_and_a_non_zero_exit_code(int expectedExit, params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(expectedExit, exit);
        Assert.StartsWith("error:", error.TrimStart());
    }

    [Fact]
    public async Task A_setup_link_sets_the_password_once_and_then_no_longer_works()
    {
        var email = AccountJourney.NewEmail("setup");
        Assert.Equal(0, (await RunAsync("users", "create", "--email", email, "--role", "Customer")).Exit);

        var (exit, output, _) = await RunAsync("users", "setup-link", "--email", email);
        var link = new Uri(output.Trim().Split('\n')[^1].Trim());
        using var client = factory.CreatePortalClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "Chosen-Passw0rd-1", ["Input.ConfirmPassword"] = "Chosen-Passw0rd-1",
        };
        var first = await client.SubmitFormAsync(link.PathAndQuery, "reset-password", fields);
        fields["Input.Password"] = fields["Input.ConfirmPassword"] = "Second-Passw0rd-2";
        var again = await client.SubmitFormAsync(link.PathAndQuery, "reset-password", fields);

        Assert.Equal(0, exit);
        Assert.StartsWith("/Account/ResetPassword?code=", link.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("ResetPasswordConfirmation", first.Headers.Location?.OriginalString);
        Assert.Contains("invalid or has expired", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email, "Chosen-Passw0rd-1")).StatusCode);
    }

    [Fact]
    public async Task A_first_admin_without_a_configured_password_gets_no_password_anyone_knows_only_a_setup_link()
    {
        using var fresh = new PortalAppFactory().WithSetting("Portal:Admin:Email", "owner@example.test").WithSetting("Portal:Admin:Password", "");
        await using var scope = fresh.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ZlhPortal.Web.Features.Accounts.ApplicationUser>>();

        var admin = await users.FindByEmailAsync("owner@example.test");
        var link = await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Accounts.Administration.AccountDirectory>()
            .SetupLinkAsync("owner@example.test");

        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, "Admin"));
        Assert.True(await users.HasPasswordAsync(admin));
        Assert.StartsWith("http://localhost:5180/Account/ResetPassword?code=", link!.Link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_accounts_are_refused()
    {
        var email = AccountJourney.NewEmail("cli");
        await RunAsync("users", "create", "--email", email, "--role", "Customer");

        var (exit, _, error) = await RunAsync("users", "create", "--email", email.ToUpperInvariant(), "--role", "Admin");

        Assert.Equal(1, exit);
        Assert.Contains("already exists", error);
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var (exit, output, _) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Contains("users", output);
    }

    [Fact]
    public async Task Help_lists_every_command_the_features_add()
    {
        var (_, output, _) = await RunAsync("--help");

        // Each feature adds its own verbs (users, tokens from Accounts; billing from Billing); the host lists them all.
        Assert.All(new[] { "users", "tokens", "billing" }, verb => Assert.Matches($@"(?m)^\s+{verb}\b", output));
    }
}
