using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>The emails Identity sends (confirmation, reset) plus the "you already have an account" notice.</summary>
public sealed class AccountEmails(IEmailTransport transport, IOptions<PortalOptions> portal) : IEmailSender<ApplicationUser>
{
    private string Product => portal.Value.Name;

    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SendAsync(email, $"Confirm your {Product} email",
            $"Hello {user.DisplayName},\n\nConfirm your email address by opening this link:\n{confirmationLink}\n\nIf you did not sign up, ignore this message.",
            $"<p>Hello {Html(user.DisplayName)},</p><p>Confirm your email address by <a href=\"{Html(confirmationLink)}\">opening this link</a>.</p><p>If you did not sign up, ignore this message.</p>");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync(email, $"Reset your {Product} password",
            $"Hello {user.DisplayName},\n\nReset your password by opening this link:\n{resetLink}\n\nIf you did not ask for this, ignore this message; your password stays as it is.",
            $"<p>Hello {Html(user.DisplayName)},</p><p>Reset your password by <a href=\"{Html(resetLink)}\">opening this link</a>.</p><p>If you did not ask for this, ignore this message; your password stays as it is.</p>");

    /// <summary>Tells the address an account has now that someone asked to move the account to another one.</summary>
    public Task SendEmailChangeRequestedAsync(ApplicationUser user, string currentEmail, string newEmail, string changePasswordLink) =>
        SendAsync(currentEmail, $"Your {Product} email is about to change",
            $"Hello {user.DisplayName},\n\nSomeone signed in to your account asked to change its email to {newEmail}. It changes once that address confirms.\n\nIf this was not you, change your password now: {changePasswordLink}",
            $"<p>Hello {Html(user.DisplayName)},</p><p>Someone signed in to your account asked to change its email to <strong>{Html(newEmail)}</strong>. It changes once that address confirms.</p><p>If this was not you, <a href=\"{Html(changePasswordLink)}\">change your password now</a>.</p>");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync(email, $"Your {Product} password reset code",
            $"Your password reset code is: {resetCode}", $"<p>Your password reset code is: <code>{Html(resetCode)}</code></p>");

    /// <summary>
    /// Sent instead of an error when someone signs up with an address that already has an account,
    /// so the sign-up form never reveals which addresses are registered.
    /// </summary>
    public Task SendAlreadyRegisteredAsync(string email, string loginLink, string resetLink) =>
        SendAsync(email, $"You already have a {Product} account",
            $"Someone (probably you) tried to sign up with this address, which already has an account.\n\nLog in: {loginLink}\nForgot your password? {resetLink}",
            $"<p>Someone (probably you) tried to sign up with this address, which already has an account.</p><p><a href=\"{Html(loginLink)}\">Log in</a> or <a href=\"{Html(resetLink)}\">reset your password</a>.</p>");

    private Task SendAsync(string to, string subject, string text, string html) =>
        transport.SendAsync(new EmailMessage(to, subject, text, html));

    private static string Html(string value) => HtmlEncoder.Default.Encode(value);
}
