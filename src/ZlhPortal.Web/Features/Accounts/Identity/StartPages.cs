using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>
/// Where a sign-in lands when it was not on its way somewhere: customers on their servers, support staff on the
/// support desk, admins on the back office (both reach their own servers, if they have any, from the navigation).
/// </summary>
public static class StartPages
{
    public static async Task<string?> AfterSignInAsync(UserManager<ApplicationUser> users, ApplicationUser user, string? returnUrl)
    {
        if (returnUrl is { Length: > 0 } and not "/" and not "~/")
        {
            return returnUrl;
        }

        if (await users.IsInRoleAsync(user, Roles.Admin))
        {
            return "/admin";
        }

        return await users.IsInRoleAsync(user, Roles.Support) ? "/support" : returnUrl;
    }
}
