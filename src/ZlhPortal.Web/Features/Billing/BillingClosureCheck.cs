using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>Invoices, payments and credit must be kept: an account that has them is closed by support, not deleted.</summary>
public sealed class BillingClosureCheck(IDbContextFactory<AppDbContext> dbFactory) : IAccountClosureCheck
{
    public async Task<string?> WhyNotClosableAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Invoices.AnyAsync(i => i.CustomerId == userId, ct) || await db.CreditEntries.AnyAsync(c => c.CustomerId == userId, ct)
            ? AccountClosure.RecordsKept
            : null;
    }
}
