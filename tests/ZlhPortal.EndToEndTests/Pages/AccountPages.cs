using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using OtpNet;

namespace ZlhPortal.EndToEndTests.Pages;

/// <summary>Page objects for the account pages: each method is what a person does there.</summary>
public sealed partial class AccountPages(IPage page, string baseUrl)
{
    public async Task SignUpAsync(string name, string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/Account/Register");
        await SubmitSignUpFormAsync(name, email, password);
    }

    /// <summary>On the sign-up page however it was reached (a link from the log-in page keeps where the person was going).</summary>
    public async Task SubmitSignUpFormAsync(string name, string email, string password)
    {
        await page.FillAsync("#Input\\.DisplayName", name);
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.FillAsync("#Input\\.ConfirmPassword", password);
        await page.CheckAsync("#Input\\.AcceptTerms");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByText("Check your email").First.WaitForAsync();
    }

    public async Task OpenConfirmationLinkAsync(MimeMessage message)
    {
        var link = WebUtility.HtmlDecode(LinkPattern().Match(message.HtmlBody ?? "").Groups[1].Value);
        await page.GotoAsync(link);
        await page.GetByText("Thank you for confirming your email").WaitForAsync();
    }

    public async Task LogInAsync(string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await SubmitLogInFormAsync(email, password);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>On the log-in page however it was reached: fills it in and submits, leaving the wait for where it leads to the caller.</summary>
    public async Task SubmitLogInFormAsync(string email, string password)
    {
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.Locator("form button[type=submit]", new() { HasText = "Log in" }).ClickAsync();
    }

    /// <summary>On the authenticator set-up page: reads the key shown, enters the current code, returns the key.</summary>
    public async Task<string> CompleteAuthenticatorSetupAsync()
    {
        var key = (await page.Locator("#shared-key").InnerTextAsync()).Replace(" ", "").ToUpperInvariant();
        Assert.True(await page.Locator(".qr img").IsVisibleAsync(), "The QR code is shown.");
        await page.FillAsync("#Input\\.Code", Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.GetByText("Your authenticator app has been verified").WaitForAsync();
        Assert.Equal(10, await page.Locator(".recovery-code").CountAsync());
        return key;
    }

    public async Task EnterTwoFactorCodeAsync(string key)
    {
        await page.WaitForURLAsync(new Regex("LoginWith2fa"));
        await page.FillAsync("#Input\\.TwoFactorCode", Code(key));
        await page.Locator("form button[type=submit]", new() { HasText = "Log in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public async Task LogOutAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).First.WaitForAsync();
    }

    public static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    [GeneratedRegex("href=\"([^\"]*ConfirmEmail[^\"]*)\"")]
    private static partial Regex LinkPattern();
}
