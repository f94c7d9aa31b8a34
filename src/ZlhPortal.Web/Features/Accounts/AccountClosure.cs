using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>Decides whether a user may delete their own account, and says why not.</summary>
public sealed class AccountClosure(UserManager<ApplicationUser> users, AccountDirectory directory, IDbContextFactory<AppDbContext> dbFactory)
{
    /// <returns>Null when the account may be deleted; otherwise the reason to show.</returns>
    public async Task<string?> WhyNotDeletableAsync(ApplicationUser user, CancellationToken ct = default)
    {
        if (await users.IsInRoleAsync(user, Roles.Admin) && await directory.CountAdminsAsync(ct) <= 1)
        {
            return "You are the only administrator. Make another account an admin before deleting yours.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.Servers.CountAsync(s => s.OwnerId == user.Id && s.Status != ServerStatus.Deleted, ct);
        if (servers > 0)
        {
            return $"You still have {servers} server(s). Delete them first; an account that owns billable servers cannot be closed.";
        }

        // Invoices, payments and the records of deleted servers must be kept; such an account is closed by support.
        if (await db.Invoices.AnyAsync(i => i.CustomerId == user.Id, ct) || await db.Orders.AnyAsync(o => o.CustomerId == user.Id, ct)
            || await db.CreditEntries.AnyAsync(c => c.CustomerId == user.Id, ct) || await db.Servers.AnyAsync(s => s.OwnerId == user.Id, ct))
        {
            return "Your account has invoices or server history we are required to keep, so it cannot be deleted here. Contact support to close it.";
        }

        return null;
    }
}
