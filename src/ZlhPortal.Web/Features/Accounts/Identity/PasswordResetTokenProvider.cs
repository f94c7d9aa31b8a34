using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>
/// Password-reset links (forgot password, the first admin's setup link) live an hour, where confirmation links keep
/// Identity's day. Single use comes with every Identity token: using one changes the security stamp it is bound to.
/// </summary>
public sealed class PasswordResetTokenProvider(
    IDataProtectionProvider dataProtectionProvider, IOptions<PasswordResetTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "PasswordReset";
}
