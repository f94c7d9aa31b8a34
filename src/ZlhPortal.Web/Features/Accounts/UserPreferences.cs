using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>Per-user UI preferences, remembered across devices.</summary>
public sealed class UserPreferences(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<bool?> GetDarkModeAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).FirstOrDefaultAsync(ct);
    }

    public async Task SetDarkModeAsync(string userId, bool dark, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, dark), ct);
    }

    /// <summary>The country whose tax the customer pays (null: the installation's default) and the coupon saved for their next order.</summary>
    public async Task<(string? BillingCountry, string? SavedCouponCode)> GetBillingAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.Where(u => u.Id == userId).Select(u => new { u.BillingCountry, u.SavedCouponCode }).FirstOrDefaultAsync(ct);
        return (row?.BillingCountry, row?.SavedCouponCode);
    }

    public async Task SetBillingCountryAsync(string userId, string country, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.BillingCountry, country), ct);
    }

    /// <summary>Remembers a coupon code (already checked by the caller) for the customer's next order; null forgets it.</summary>
    public async Task SetSavedCouponAsync(string userId, string? code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SavedCouponCode, code), ct);
    }

    /// <summary>A saved coupon used up by an order is forgotten, in the transaction that places the order.</summary>
    public static Task ForgetSavedCouponAsync(AppDbContext db, string userId, string code, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId && u.SavedCouponCode == code).ExecuteUpdateAsync(u => u.SetProperty(x => x.SavedCouponCode, (string?)null), ct);
}
