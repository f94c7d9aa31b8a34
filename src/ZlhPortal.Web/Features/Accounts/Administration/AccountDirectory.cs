using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Identity;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>Account administration used by the CLI and the admin pages: create, change role, reset 2FA, list.</summary>
public sealed class AccountDirectory(
    UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, IDbContextFactory<AppDbContext> dbFactory, ActivityLog activity, TimeProvider time,
    AccessRevocation revocation, ApiTokens tokens, AccountLinks links)
{
    public async Task<AccountResult> CreateAsync(string email, string displayName, string role, string? password, string? actor, CancellationToken ct = default)
    {
        if (Roles.Parse(role) is not { } canonicalRole)
        {
            return AccountResult.Fail($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
        }

        email = email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return AccountResult.Fail($"An account with the email '{email}' already exists.");
        }

        var generated = string.IsNullOrEmpty(password) ? GeneratePassword() : null;
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Split('@')[0] : displayName.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password ?? generated!);
        if (!created.Succeeded)
        {
            return AccountResult.Fail(Describe(created));
        }

        var added = await users.AddToRoleAsync(user, canonicalRole);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return AccountResult.Fail(Describe(added));
        }

        await activity.RecordAsync(user.Id, AccountActivityKind.AccountCreated, $"Account created with role {canonicalRole}{By(actor)}.", null, ct);
        return new AccountResult(true, $"Created {canonicalRole} account {email}.", generated);
    }

    public async Task<AccountResult> SetRoleAsync(string email, string role, string? actor, CancellationToken ct = default)
    {
        if (Roles.Parse(role) is not { } canonicalRole)
        {
            return AccountResult.Fail($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
        }

        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return AccountResult.Fail($"No account with the email '{email}'.");
        }

        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == canonicalRole)
        {
            return new AccountResult(true, $"{email} already has the role {canonicalRole}.");
        }

        if (current.Contains(Roles.Admin) && canonicalRole != Roles.Admin && await CountAdminsAsync(ct) <= 1)
        {
            return AccountResult.Fail("This is the last admin account; make another admin first.");
        }

        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, canonicalRole) : removed;
        if (!added.Succeeded)
        {
            return AccountResult.Fail(Describe(added));
        }

        // A new security stamp signs the user out everywhere, so the new role applies at once; open consoles close too,
        // and API tokens made under the old role stop working (new ones carry the new role knowingly).
        await users.UpdateSecurityStampAsync(user);
        await revocation.RevokeAsync(user.Id, "Your role changed; sign in again.");
        var tokensRevoked = await tokens.RevokeAllAsync(user.Id, $"the account's role changed to {canonicalRole}", ct);
        await activity.RecordAsync(user.Id, AccountActivityKind.RoleChanged,
            $"Role changed from {string.Join(", ", current.DefaultIfEmpty("none"))} to {canonicalRole}{By(actor)}.", null, ct);
        return new AccountResult(true, $"{email} now has the role {canonicalRole}."
            + (tokensRevoked > 0 ? $" Their {tokensRevoked} API token(s) were revoked." : ""));
    }

    /// <summary>A link that lets whoever holds it choose the account's password, once, within the hour (the first admin's way in).</summary>
    public async Task<SetupLink?> SetupLinkAsync(string email, CancellationToken ct = default)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return null;
        }

        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        return new SetupLink(user.Email!, links.To("Account/ResetPassword", new Dictionary<string, string?> { ["code"] = code }));
    }

    /// <param name="reason">Why, for the customer's activity log (staff from the customer view).</param>
    /// <param name="actorId">The staff member's account id, when staff reset it.</param>
    public async Task<AccountResult> ResetTwoFactorAsync(string email, string? actor, CancellationToken ct = default, string? reason = null, string? actorId = null)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return AccountResult.Fail($"No account with the email '{email}'.");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        if (store is IUserTwoFactorRecoveryCodeStore<ApplicationUser> codes)
        {
            // Old recovery codes must not survive a reset: whoever holds them is who the reset is meant to lock out.
            await codes.ReplaceCodesAsync(user, [], ct);
            await users.UpdateAsync(user);
        }

        await users.UpdateSecurityStampAsync(user);
        await revocation.RevokeAsync(user.Id, "Your two-factor authentication was reset; sign in again.");
        await activity.RecordAsync(user.Id, AccountActivityKind.TwoFactorReset, reason is null ? $"Two-factor authentication reset{By(actor)}." : $"Two-factor authentication reset{By(actor)}: {reason}", null, ct, actorId);
        return new AccountResult(true, $"Two-factor authentication reset for {email}; they set it up again at next sign-in.");
    }

    public async Task<(IReadOnlyList<AccountRow> Rows, int Total)> ListAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var query = from u in db.Users.AsNoTracking()
                    let role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault()
                    select new { u, role };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(x => x.u.Email!.Contains(term) || x.u.DisplayName.Contains(term));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.u.Email).Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(x => new { x.u.Id, x.u.Email, x.u.DisplayName, x.role, x.u.EmailConfirmed, x.u.TwoFactorEnabled, x.u.LockoutEnd, x.u.CreatedAt })
            .ToListAsync(ct);
        return (rows.Select(x => new AccountRow(x.Id, x.Email ?? "", x.DisplayName, x.role ?? "", x.EmailConfirmed, x.TwoFactorEnabled,
            x.LockoutEnd > now, x.CreatedAt)).ToList(), total);
    }

    public async Task<int> CountAdminsAsync(CancellationToken ct = default) => (await users.GetUsersInRoleAsync(Roles.Admin)).Count;

    public static string GeneratePassword()
    {
        // 20 characters from an unambiguous alphabet, plus one of each class Identity's default rules ask for.
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return new string(chars) + "a7Z!";
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private static string By(string? actor) => actor is null ? "" : $" by {actor}";
}
