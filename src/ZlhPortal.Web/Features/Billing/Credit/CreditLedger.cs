using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Credit;

/// <summary>Account credit: an append-only ledger whose balance is always the sum of its entries.</summary>
public sealed class CreditLedger(IDbContextFactory<AppDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<BillingOptions> options, TimeProvider time)
{
    /// <summary>
    /// Opens the transaction that every change to customers' credit runs in: the one serialisation point of the ledger, so
    /// two payments, a renewal and a downgrade racing for one customer's credit take turns. On SQLite the transaction begins
    /// IMMEDIATE and so holds the database's write lock from its first statement; on PostgreSQL the customers' account
    /// rows are locked, in a fixed order so two runs over several customers cannot deadlock. Whatever the change depends on
    /// (the balance, an invoice's status, a subscription's plan) must be read after this call, inside the transaction.
    /// </summary>
    public static Task<IDbContextTransaction> BeginChangeAsync(AppDbContext db, string customerId, CancellationToken ct) =>
        BeginChangeAsync(db, [customerId], ct);

    /// <inheritdoc cref="BeginChangeAsync(AppDbContext, string, CancellationToken)"/>
    public static async Task<IDbContextTransaction> BeginChangeAsync(AppDbContext db, IEnumerable<string> customerIds, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!db.Database.IsSqlite())
        {
            foreach (var customerId in customerIds.Distinct().Order(StringComparer.Ordinal))
            {
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = {customerId} FOR UPDATE", ct);
            }
        }

        return transaction;
    }

    /// <summary>
    /// Voids the unpaid invoices the query selects (in one statement; issued ones keep their numbers) and gives back any
    /// credit a renewal had already taken from the account: an invoice that is not paid keeps nothing. Returns how many.
    /// </summary>
    public static async Task<int> VoidAsync(AppDbContext db, IQueryable<Invoice> invoices, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var customers = await invoices.Where(i => i.CreditAppliedMinor > 0).Select(i => i.CustomerId).Distinct().ToListAsync(ct);
        await using var transaction = await BeginChangeAsync(db, customers, ct);
        var credited = await invoices.Where(i => i.CreditAppliedMinor > 0).AsNoTracking().ToListAsync(ct);
        var voided = await invoices.VoidAsync(reason, now, ct);
        foreach (var invoice in credited)
        {
            db.CreditEntries.Add(Returned(invoice, reason, now));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return voided;
    }

    /// <summary>The entry that gives back the credit applied to an invoice being voided; add it inside <see cref="BeginChangeAsync(AppDbContext, string, CancellationToken)"/>.</summary>
    public static CreditEntry Returned(Invoice invoice, string reason, DateTimeOffset now) => new()
    {
        CustomerId = invoice.CustomerId, AmountMinor = invoice.CreditAppliedMinor, Currency = invoice.Currency, Kind = CreditEntryKind.Returned,
        Reason = Truncate($"Invoice {invoice.Number ?? "#" + invoice.Id} was voided ({reason}); the credit applied to it is back"), InvoiceId = invoice.Id, CreatedAt = now,
    };

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;

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
        // Balance first, then the list: an entry written between the two reads can only add a line, never leave the
        // balance counting an amount whose line is missing.
        var balance = await BalanceAsync(db, customerId, ct);
        var entries = await query.OrderByDescending(c => c.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        return new CreditPage(balance, options.Value.Currency, entries, await query.CountAsync(ct));
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
        // Checked before the customer's lock: accounts are never deleted outright (closing one keeps its row), so the
        // answer stands, and every round trip made under the lock is one the customer's other credit changes wait for.
        if (!await db.Users.AnyAsync(u => u.Id == customerId, ct))
        {
            return "No such customer.";
        }

        await using var transaction = await BeginChangeAsync(db, customerId, ct);
        // One entry in one statement: nothing to roll back to short of the whole transaction, so no savepoint round trips.
        db.Database.AutoSavepointsEnabled = false;
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
