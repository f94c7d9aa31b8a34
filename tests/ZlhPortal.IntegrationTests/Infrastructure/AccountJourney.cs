using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>Account journeys through the real pages, shared by the tests.</summary>
public static class AccountJourney
{
    public const string Password = "Str0ng-Enough-Password";

    /// <summary>A client carrying a fresh API token of <paramref name="email"/>, made with the CLI as operators do.</summary>
    public static async Task<HttpClient> ApiClientAsync(PortalAppFactory factory, string email)
    {
        var output = new StringWriter();
        Assert.Equal(0, await ZlhPortal.Web.Infrastructure.Cli.PortalCli.RunAsync(factory.Services, ["tokens", "create", "--email", email, "--name", "test"], output, TextWriter.Null));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", output.ToString().TrimEnd().Split('\n')[^1].Trim());
        return client;
    }

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static Task<HttpResponseMessage> SignUpAsync(PortalClient client, string email, string password = Password, string name = "Test User") =>
        client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.AcceptTerms"] = "true",
        });

    public static Task<HttpResponseMessage> LogInAsync(PortalClient client, string email, string password = Password) =>
        client.SubmitFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>Signs up, confirms with the emailed link and logs in; the client then carries the auth cookie.</summary>
    public static async Task SignUpConfirmAndLogInAsync(PortalAppFactory factory, PortalClient client, string email)
    {
        await SignUpAsync(client, email);
        var link = Mailbox.LinkIn(factory.Mailbox.Single(email, "Confirm"), "/Account/ConfirmEmail");
        var confirmed = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var login = await LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    /// <summary>Creates a confirmed account with the given role straight through the account directory.</summary>
    public static async Task<string> CreateAsync(PortalAppFactory factory, string role, string? email = null)
    {
        email ??= NewEmail(role.ToLowerInvariant());
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().CreateAsync(email, "", role, Password, "test");
        Assert.True(result.Succeeded, result.Message);
        return email;
    }

    /// <summary>Turns on 2FA for the account and returns its authenticator key.</summary>
    public static async Task<string> EnableTwoFactorAsync(PortalAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    public static string TotpCode(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    /// <summary>Logs in with password and authenticator code.</summary>
    public static async Task LogInWithTwoFactorAsync(PortalClient client, string email, string key)
    {
        var login = await LogInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("LoginWith2fa", login.Headers.Location!.ToString());
        var second = await client.SubmitFormAsync(login.Headers.Location.ToString(), "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = TotpCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.DoesNotContain("LoginWith2fa", second.Headers.Location!.ToString());
    }
}
