using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Identity;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>
/// What staff do to a customer's account from the customer view: resend the confirmation email, unlock, reset 2FA
/// (admins), and internal notes. Every action but a note needs a reason and lands in the customer's own activity log
/// with the staff member's name; notes stay with staff.
/// </summary>
public sealed class StaffAccountActions(
    UserManager<ApplicationUser> users, IDbContextFactory<AppDbContext> dbFactory, ActivityLog activity, AccountDirectory directory,
    IEmailSender<ApplicationUser> emails, AccountLinks links, TimeProvider time)
{
    public const int ReasonMaxLength = 300;

    public async Task<CustomerProfile?> FindAsync(string customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == customerId, ct);
        if (user is null)
        {
            return null;
        }

        var role = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == customerId select r.Name).FirstOrDefaultAsync(ct);
        return new CustomerProfile(user.Id, user.Email ?? "", user.DisplayName, role ?? Infrastructure.Auth.Roles.Customer, user.EmailConfirmed,
            user.TwoFactorEnabled, user.LockoutEnd, user.AccessFailedCount, user.BillingCountry, user.CreatedAt);
    }

    public async Task<StaffActionResult> ResendConfirmationAsync(string customerId, string? reason, StaffActor staff, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return StaffActionResult.Invalid(problem);
        }

        if (await users.FindByIdAsync(customerId) is not { Email: { } email } user)
        {
            return StaffActionResult.NotFound();
        }

        if (user.EmailConfirmed)
        {
            return StaffActionResult.Refused($"{email} is already confirmed; nothing was sent.");
        }

        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        await emails.SendConfirmationLinkAsync(user, email,
            links.To("Account/ConfirmEmail", new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code }));
        await activity.RecordAsync(user.Id, AccountActivityKind.ConfirmationResentByStaff,
            $"The confirmation email was sent again by {staff.Email}: {reason}", null, ct, staff.Id);
        return StaffActionResult.Done($"The confirmation email was sent to {email} again.");
    }

    public async Task<StaffActionResult> UnlockAsync(string customerId, string? reason, StaffActor staff, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return StaffActionResult.Invalid(problem);
        }

        if (await users.FindByIdAsync(customerId) is not { } user)
        {
            return StaffActionResult.NotFound();
        }

        if (user.LockoutEnd is not { } until || until <= time.GetUtcNow())
        {
            return StaffActionResult.Refused($"{user.Email} is not locked out.");
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await activity.RecordAsync(user.Id, AccountActivityKind.UnlockedByStaff, $"The account was unlocked by {staff.Email}: {reason}", null, ct, staff.Id);
        return StaffActionResult.Done($"{user.Email} can sign in again.");
    }

    public async Task<StaffActionResult> ResetTwoFactorAsync(string customerId, string? reason, StaffActor staff, CancellationToken ct = default)
    {
        if (!staff.IsAdmin)
        {
            return StaffActionResult.Forbidden("Only an admin may reset two-factor authentication.");
        }

        if (CheckReason(ref reason) is { } problem)
        {
            return StaffActionResult.Invalid(problem);
        }

        if (await users.FindByIdAsync(customerId) is not { Email: { } email } user)
        {
            return StaffActionResult.NotFound();
        }

        if (!user.TwoFactorEnabled)
        {
            return StaffActionResult.Refused($"{email} has no two-factor authentication to reset.");
        }

        var result = await directory.ResetTwoFactorAsync(email, staff.Email, ct, reason, staff.Id);
        return result.Succeeded ? StaffActionResult.Done(result.Message) : StaffActionResult.Refused(result.Message);
    }

    public async Task<StaffActionResult> AddNoteAsync(string customerId, string? text, StaffActor staff, CancellationToken ct = default)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return StaffActionResult.Invalid("Write the note first.");
        }

        if (text.Length > CustomerNote.TextMaxLength)
        {
            return StaffActionResult.Invalid($"A note holds at most {CustomerNote.TextMaxLength} characters; this one has {text.Length}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == customerId, ct))
        {
            return StaffActionResult.NotFound();
        }

        db.CustomerNotes.Add(new CustomerNote { CustomerId = customerId, AuthorId = staff.Id, Text = text, At = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return StaffActionResult.Done("Note added.");
    }

    public async Task<IReadOnlyList<CustomerNoteRow>> NotesAsync(string customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from n in db.CustomerNotes.AsNoTracking()
                      where n.CustomerId == customerId
                      join u in db.Users on n.AuthorId equals u.Id into authors
                      from u in authors.DefaultIfEmpty()
                      orderby n.Id descending
                      select new CustomerNoteRow(n.Id, n.Text, u == null ? null : u.Email, n.At)).Take(200).ToListAsync(ct);
    }

    /// <summary>Null when the reason is usable (trimmed in place), else what is wrong with it.</summary>
    public static string? CheckReason(ref string? reason)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return "Give a reason: the customer sees it in their activity log.";
        }

        return reason.Length > ReasonMaxLength ? $"Keep the reason under {ReasonMaxLength} characters." : null;
    }
}
