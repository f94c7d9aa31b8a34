using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>Orders are kept with the invoices they priced: an account that placed one is closed by support.</summary>
public sealed class OrderClosureCheck(IDbContextFactory<AppDbContext> dbFactory) : IAccountClosureCheck
{
    public async Task<string?> WhyNotClosableAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Orders.AnyAsync(o => o.CustomerId == userId, ct) ? AccountClosure.RecordsKept : null;
    }
}
