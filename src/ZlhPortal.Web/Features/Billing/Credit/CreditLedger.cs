using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Credit;

/// <summary>Account credit: an append-only ledger whose balance is always the sum of its entries.</summary>
public sealed class CreditLedger(IDbContextFactory<AppDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<BillingOptions> options, TimeProvider time)
{
    public static Task<long> BalanceAsync(AppDbContext db, string customerId, CancellationToken ct) =>
        db.CreditEntries.Where(c => c.CustomerId == customerId).SumAsync(c => c.AmountMinor, ct);

    public async Task<long> BalanceAsync(string customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await BalanceAsync(db, customerId, ct);
    }

    public async Task<CreditPage> PageAsync(string customerId, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.CreditEntries.AsNoTracking().Where(c => c.CustomerId == customerId);
        var entries = await query.OrderByDescending(c => c.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        return new CreditPage(await BalanceAsync(db, customerId, ct), options.Value.Currency, entries, await query.CountAsync(ct));
    }

    public const long MinTopUpMinor = 500;
    public const long MaxTopUpMinor = 100_000;

    /// <summary>An invoice for adding credit in advance; paying it adds the amount to the ledger.</summary>
    public async Task<(Invoice? Invoice, string? Problem)> CreateTopUpAsync(string customerId, long amountMinor, CancellationToken ct)
    {
        var currency = options.Value.Currency;
        if (amountMinor < MinTopUpMinor || amountMinor > MaxTopUpMinor)
        {
            return (null, $"Top up between {Money.Format(MinTopUpMinor, currency, System.Globalization.CultureInfo.InvariantCulture)} and " +
                $"{Money.Format(MaxTopUpMinor, currency, System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var invoice = new Invoice
        {
            CustomerId = customerId, Kind = InvoiceKind.TopUp, Status = InvoiceStatus.Draft, Currency = currency, CreatedAt = now, DueAt = now.AddDays(1),
        }.WithLines([Pricing.Line("Account credit top-up", amountMinor, 0m)]);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync(ct);
        return (invoice, null);
    }

    /// <summary>An admin's adjustment (positive or negative) with a reason; refused when it would take the balance below zero.</summary>
    public async Task<string?> AdjustAsync(string customerId, long amountMinor, string reason, string adminId, CancellationToken ct)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > 500)
        {
            return "Give a reason of 1 to 500 characters.";
        }

        if (amountMinor == 0 || Math.Abs(amountMinor) > Pricing.MaxAmountMinor)
        {
            return "Enter a non-zero amount.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == customerId, ct))
        {
            return "No such customer.";
        }

        if (amountMinor < 0 && await BalanceAsync(db, customerId, ct) + amountMinor < 0)
        {
            return "The customer's credit would go below zero.";
        }

        db.CreditEntries.Add(new CreditEntry
        {
            CustomerId = customerId, AmountMinor = amountMinor, Currency = options.Value.Currency, Kind = CreditEntryKind.Adjustment, Reason = reason,
            CreatedBy = adminId, CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }
}
