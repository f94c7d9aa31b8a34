using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>Decides whether a user may delete their own account, and says why not.</summary>
public sealed class AccountClosure(UserManager<ApplicationUser> users, AccountDirectory directory, IEnumerable<IAccountClosureCheck> checks)
{
    /// <summary>What a part says when it keeps records that must outlive the account.</summary>
    public const string RecordsKept =
        "Your account has invoices or server history we are required to keep, so it cannot be deleted here. Contact support to close it.";

    /// <returns>Null when the account may be deleted; otherwise the reason to show.</returns>
    public async Task<string?> WhyNotDeletableAsync(ApplicationUser user, CancellationToken ct = default)
    {
        if (await users.IsInRoleAsync(user, Roles.Admin) && await directory.CountAdminsAsync(ct) <= 1)
        {
            return "You are the only administrator. Make another account an admin before deleting yours.";
        }

        foreach (var check in checks)
        {
            if (await check.WhyNotClosableAsync(user.Id, ct) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }
}
