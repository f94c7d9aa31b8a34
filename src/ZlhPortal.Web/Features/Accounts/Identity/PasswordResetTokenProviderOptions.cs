using Microsoft.AspNetCore.Identity;

namespace ZlhPortal.Web.Features.Accounts.Identity;

public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public static readonly TimeSpan Lifespan = TimeSpan.FromHours(1);

    public PasswordResetTokenProviderOptions()
    {
        Name = "PasswordResetDataProtectorTokenProvider";
        TokenLifespan = Lifespan;
    }
}
