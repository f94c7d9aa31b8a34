using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>Decides whether a user may delete their own account, and says why not.</summary>
public sealed class AccountClosure(UserManager<ApplicationUser> users, AccountDirectory directory)
{
    /// <returns>Null when the account may be deleted; otherwise the reason to show.</returns>
    public async Task<string?> WhyNotDeletableAsync(ApplicationUser user, CancellationToken ct = default)
    {
        if (await users.IsInRoleAsync(user, Roles.Admin) && await directory.CountAdminsAsync(ct) <= 1)
        {
            return "You are the only administrator. Make another account an admin before deleting yours.";
        }

        return null;
    }
}
