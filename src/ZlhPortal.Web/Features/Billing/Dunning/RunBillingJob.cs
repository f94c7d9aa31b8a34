using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Notifications;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Billing.Dunning;

/// <summary>
/// The recurring billing run. Every rule reads <see cref="TimeProvider"/>, every step is idempotent and batched, so a
/// run killed halfway is simply run again: unique indexes keep one renewal invoice per subscription and period, and
/// invoices remember which emails went out.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class RunBillingJob(
    IDbContextFactory<AppDbContext> dbFactory, IOrderInvoiceHandler orders, Fulfilment fulfilment, SetupRefunds setupRefunds, ServerLifecycle lifecycle, BillingEmails emails,
    ActivityLog activity, TaxTable taxes, IOptions<BillingOptions> options, TimeProvider time, ILogger<RunBillingJob> logger)
{
    public async Task<BillingRunSummary> RunAsync(CancellationToken ct)
    {
        var expired = await ExpireUnpaidOrdersAsync(ct);
        var ended = await EndSubscriptionsOfGoneServersAsync(ct);
        var (issued, fromCredit) = await IssueRenewalsAsync(ct);
        var emailed = await SendInvoiceEmailsAsync(ct);
        var reminders = await SendRemindersAsync(ct);
        var (suspended, terminated) = await EnforceOverdueAsync(ct);
        ended += await EndCancelledAsync(ct);
        var fulfilled = await FulfilPaidAsync(ct);
        var refunded = await orders.RefundFailedAsync(ct) + await setupRefunds.RetryPendingAsync(ct);

        // Last, so an unreachable mail server delays the mail of this run and nothing else.
        await emails.DeliverQueuedAsync(ct);
        var summary = new BillingRunSummary(expired, issued, fromCredit, emailed, reminders, suspended, terminated, fulfilled, refunded, ended);
        if (summary.Changes > 0)
        {
            logger.LogInformation("Billing run: {Summary}", summary);
        }

        return summary;
    }

    private async Task<int> ExpireUnpaidOrdersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var count = await orders.ExpireUnpaidAsync(ct);

        count += await CreditLedger.VoidAsync(db,
            db.Invoices.Where(i => i.Kind == InvoiceKind.TopUp && i.Status == InvoiceStatus.Draft && i.DueAt <= now && i.PaymentStartedAt == null), "Not paid in time", now, ct);

        // An upgrade not paid in time lapses; the server stays on its plan.
        count += await CreditLedger.VoidAsync(db,
            db.Invoices.Where(i => i.Kind == InvoiceKind.Upgrade && i.Status == InvoiceStatus.Open && i.DueAt <= now && i.PaymentStartedAt == null),
            "The upgrade was not paid in time", now, ct);
        return count;
    }

    /// <summary>Servers deleted by their owner or an admin stop being billed.</summary>
    private async Task<int> EndSubscriptionsOfGoneServersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var gone = db.Servers.Where(s => s.Status == ServerStatus.Deleted || s.Status == ServerStatus.Deleting).Select(s => s.Id);
        var ended = await db.Subscriptions.Where(s => s.Status != SubscriptionStatus.Ended && gone.Contains(s.ServerId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Ended).SetProperty(x => x.EndedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
        var endedIds = db.Subscriptions.Where(s => s.Status == SubscriptionStatus.Ended).Select(s => s.Id);
        await CreditLedger.VoidAsync(db,
            db.Invoices.Where(i => i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Renewal && endedIds.Contains(i.SubscriptionId!.Value)),
            "The server was deleted", now, ct);
        return ended;
    }

    private async Task<(int Issued, int FromCredit)> IssueRenewalsAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var horizon = now.AddDays(settings.InvoiceDaysBeforeDue);
        int issued = 0, fromCredit = 0, lastId = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await db.Subscriptions.AsNoTracking()
                .Where(s => s.Id > lastId && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Suspended) && !s.CancelAtPeriodEnd
                    && s.CurrentPeriodEnd <= horizon
                    && !db.Invoices.Any(i => i.SubscriptionId == s.Id && i.Kind == InvoiceKind.Renewal && i.PeriodStart == s.CurrentPeriodEnd && i.Status != InvoiceStatus.Void))
                .OrderBy(s => s.Id).Take(settings.RunBatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return (issued, fromCredit);
            }

            lastId = batch[^1].Id;
            var customers = batch.Select(s => s.CustomerId).Distinct().ToList();
            var servers = await db.Servers.AsNoTracking().Where(s => batch.Select(b => b.ServerId).Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var coupons = await db.Coupons.AsNoTracking().Where(c => batch.Select(b => b.CouponId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var rates = await taxes.ForCustomersAsync(db, customers, ct);

            var invoices = new List<Invoice>();
            foreach (var subscription in batch)
            {
                var (country, rate) = rates[subscription.CustomerId];
                var plan = plans[subscription.PendingPlanId ?? subscription.PlanId];
                var price = subscription.PendingPlanId is null ? subscription.MonthlyPriceMinor : plan.MonthlyPriceMinor;
                var start = subscription.CurrentPeriodEnd;
                var end = Pricing.PeriodEnd(start);
                var name = servers.GetValueOrDefault(subscription.ServerId, $"#{subscription.ServerId}");
                var lines = new List<PricedLine> { Pricing.Line($"{plan.Name} server \"{name}\", {start:yyyy-MM-dd} – {end:yyyy-MM-dd}", price, rate) };
                if (subscription.CouponId is { } couponId && coupons.TryGetValue(couponId, out var coupon) && subscription.CouponPeriodsLeft is null or > 0
                    && Pricing.Discount(price, coupon.Kind, coupon.Value) is var discount and > 0)
                {
                    lines.Add(Pricing.Line($"Coupon {coupon.Code}", -discount, rate));
                }

                var invoice = new Invoice
                {
                    CustomerId = subscription.CustomerId, Kind = InvoiceKind.Renewal, Status = InvoiceStatus.Open, SubscriptionId = subscription.Id,
                    TargetPlanId = subscription.PendingPlanId, Currency = subscription.Currency, Country = country, PeriodStart = start, PeriodEnd = end,
                    CreatedAt = now, DueAt = start,
                }.WithLines(lines);
                invoices.Add(invoice);
            }

            var paidFromCredit = 0;
            try
            {
                // Credit is read and spent under the ledger's lock, so a payment or a downgrade racing this run sees the
                // balance before or after these renewals, never in between.
                await using var transaction = await CreditLedger.BeginChangeAsync(db, customers, ct);
                var balances = await db.CreditEntries.Where(c => customers.Contains(c.CustomerId)).GroupBy(c => c.CustomerId)
                    .Select(g => new { g.Key, Balance = g.Sum(c => c.AmountMinor) }).ToDictionaryAsync(x => x.Key, x => x.Balance, ct);
                foreach (var invoice in invoices)
                {
                    var balance = balances.GetValueOrDefault(invoice.CustomerId);
                    invoice.CreditAppliedMinor = Math.Min(Math.Max(0, balance), invoice.TotalMinor);
                    balances[invoice.CustomerId] = balance - invoice.CreditAppliedMinor;
                    if (invoice.CreditAppliedMinor == invoice.TotalMinor)
                    {
                        invoice.Status = InvoiceStatus.Paid;
                        invoice.PaidAt = now;
                        paidFromCredit++;
                    }
                }

                await InvoiceNumbers.AssignAsync(db, invoices, now, ct);
                db.Invoices.AddRange(invoices);
                await db.SaveChangesAsync(ct);
                db.CreditEntries.AddRange(invoices.Where(i => i.CreditAppliedMinor > 0).Select(i => new CreditEntry
                {
                    CustomerId = i.CustomerId, AmountMinor = -i.CreditAppliedMinor, Currency = i.Currency, Kind = CreditEntryKind.AppliedToInvoice,
                    Reason = $"Paid towards invoice {i.Number}", InvoiceId = i.Id, CreatedAt = now,
                }));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // Another run (the command line next to the scheduled one) issued some of these first; the unique index
                // refused the duplicates and the whole batch rolled back. The next run picks up whatever is still due.
                logger.LogWarning("A batch of renewals was issued by another billing run: {Error}", e.InnerException?.Message ?? e.Message);
                continue;
            }

            issued += invoices.Count;
            fromCredit += paidFromCredit;
        }
    }

    private async Task<int> SendInvoiceEmailsAsync(CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Read and marked in one transaction, so a second billing run running alongside takes the next batch, not this one.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await (from i in db.Invoices
                               join u in db.Users on i.CustomerId equals u.Id
                               where i.NotifiedAt == null && i.Number != null && i.Kind == InvoiceKind.Renewal
                               orderby i.Id
                               select new { Invoice = i, u.Email }).Take(options.Value.RunBatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return sent;
            }

            // Queued with the mark that they were, in one save: a rerun finds them marked, and the outbox delivers them.
            // An account that turned renewal emails off finds the invoice on its billing page; reminders still come.
            var declined = await NotificationSettings.DeclinedRenewalAsync(db, batch.Select(r => r.Invoice.CustomerId).Distinct().ToList(), ct);
            await emails.QueueInvoicesIssuedAsync(db, batch.Where(r => r.Email is not null && !declined.Contains(r.Invoice.CustomerId)).Select(r => (r.Email!, r.Invoice)), ct);
            foreach (var row in batch)
            {
                row.Invoice.NotifiedAt = time.GetUtcNow();
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                sent += batch.Count;
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // Another run queued (some of) these first and marked them; the next read no longer finds them.
            }
        }
    }

    private async Task<int> SendRemindersAsync(CancellationToken ct)
    {
        var reminderDays = options.Value.ReminderDaysAfterDue.Order().ToArray();
        if (reminderDays.Length == 0)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var earliest = now.AddDays(-reminderDays[0]);
        var open = await (from i in db.Invoices
                          join u in db.Users on i.CustomerId equals u.Id
                          where i.Status == InvoiceStatus.Open && i.DueAt <= earliest && i.RemindersSent < reminderDays.Length
                          select new { Invoice = i, u.Email }).ToListAsync(ct);
        var sent = 0;
        foreach (var row in open.Where(r => now >= r.Invoice.DueAt.AddDays(reminderDays[r.Invoice.RemindersSent])))
        {
            // Catch up without a burst: one reminder per run, pointing at the latest rule that applies.
            row.Invoice.RemindersSent = reminderDays.Count(d => now >= row.Invoice.DueAt.AddDays(d));
            if (row.Email is not null)
            {
                await emails.QueueReminderAsync(db, row.Email, row.Invoice, row.Invoice.RemindersSent, overdue: now.UtcDateTime.Date > row.Invoice.DueAt.UtcDateTime.Date, ct);
            }

            sent++;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return sent;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            return 0; // another billing run sent these reminders first
        }
    }

    private async Task<(int Suspended, int Terminated)> EnforceOverdueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var suspendBefore = now.AddDays(-settings.SuspendDaysAfterDue);
        var overdue = await (from i in db.Invoices
                             join s in db.Subscriptions on i.SubscriptionId equals s.Id
                             join v in db.Servers on s.ServerId equals v.Id
                             join u in db.Users on s.CustomerId equals u.Id
                             where i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Renewal && i.DueAt <= suspendBefore && s.Status != SubscriptionStatus.Ended
                             select new { Invoice = i, Subscription = s, ServerName = v.Name, ServerStatus = v.Status, u.Email }).ToListAsync(ct);
        int suspended = 0, terminated = 0;
        foreach (var row in overdue)
        {
            var subscription = row.Subscription;
            if (now >= row.Invoice.DueAt.AddDays(settings.TerminateDaysAfterDue))
            {
                var deleted = await lifecycle.DeleteAsync(subscription.ServerId, null, ct);
                if (!deleted.Accepted && row.ServerStatus is not (ServerStatus.Deleted or ServerStatus.Deleting))
                {
                    continue; // another operation is running; the next run tries again
                }

                await using (var transaction = await CreditLedger.BeginChangeAsync(db, subscription.CustomerId, ct))
                {
                    subscription.Status = SubscriptionStatus.Ended;
                    subscription.EndedAt = now;
                    subscription.UpdatedAt = now;
                    row.Invoice.Status = InvoiceStatus.Void;
                    row.Invoice.VoidedAt = now;
                    row.Invoice.VoidReason = "The server was terminated for non-payment";
                    if (row.Invoice.CreditAppliedMinor > 0)
                    {
                        db.CreditEntries.Add(CreditLedger.Returned(row.Invoice, row.Invoice.VoidReason, now));
                    }

                    if (row.Email is not null)
                    {
                        await emails.QueueTerminatedAsync(db, row.Email, row.ServerName, row.Invoice, ct);
                    }

                    await SaveDroppingDuplicateMailAsync(db, ct);
                    await transaction.CommitAsync(ct);
                }

                terminated++;
                await activity.RecordAsync(subscription.CustomerId, AccountActivityKind.ServerTerminatedForNonPayment,
                    $"\"{row.ServerName}\" was deleted: invoice {row.Invoice.Number} stayed unpaid.", null, ct);
            }
            else if (subscription.Status == SubscriptionStatus.Active)
            {
                if (row.ServerStatus == ServerStatus.Suspended)
                {
                    // Already suspended by staff: billing adds its own hold, so lifting the staff suspension before the
                    // invoice is paid keeps the server suspended, and paying releases only billing's hold.
                    subscription.Status = SubscriptionStatus.Suspended;
                    subscription.SuspendedForNonPayment = true;
                }
                else
                {
                    var result = await lifecycle.SuspendAsync(subscription.ServerId, ct, HistoryActors.Billing, $"invoice {row.Invoice.Number} is overdue");
                    if (!result.Accepted)
                    {
                        continue;
                    }

                    subscription.Status = SubscriptionStatus.Suspended;
                    subscription.SuspendedForNonPayment = true;
                }

                subscription.UpdatedAt = now;
                await using (var transaction = await db.Database.BeginTransactionAsync(ct))
                {
                    if (row.Email is not null)
                    {
                        await emails.QueueSuspendedAsync(db, row.Email, row.ServerName, row.Invoice, ct);
                    }

                    await SaveDroppingDuplicateMailAsync(db, ct);
                    await transaction.CommitAsync(ct);
                }

                suspended++;
                await activity.RecordAsync(subscription.CustomerId, AccountActivityKind.ServerSuspendedForNonPayment,
                    $"\"{row.ServerName}\" was suspended: invoice {row.Invoice.Number} is overdue.", null, ct);
            }
        }

        return (suspended, terminated);
    }

    /// <summary>
    /// Saves one row's change with its mail. When another billing run queued that mail first (its key is taken), the mail
    /// is dropped and the change saved: that run tells the customer.
    /// </summary>
    private static async Task SaveDroppingDuplicateMailAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e) && db.ChangeTracker.Entries<OutboxEmail>().Any(m => m.State == EntityState.Added))
        {
            foreach (var mail in db.ChangeTracker.Entries<OutboxEmail>().Where(m => m.State == EntityState.Added).ToList())
            {
                mail.State = EntityState.Detached;
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Subscriptions cancelled at period end: the server goes when the paid-up period is over.</summary>
    private async Task<int> EndCancelledAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var due = await db.Subscriptions.Where(s => s.CancelAtPeriodEnd && s.Status != SubscriptionStatus.Ended && s.CurrentPeriodEnd <= now).ToListAsync(ct);
        var ended = 0;
        foreach (var subscription in due)
        {
            var deleted = await lifecycle.DeleteAsync(subscription.ServerId, null, ct);
            if (deleted.Accepted || deleted.Outcome == ServerRequestOutcome.NotFound)
            {
                subscription.Status = SubscriptionStatus.Ended;
                subscription.EndedAt = now;
                subscription.UpdatedAt = now;
                ended++;
            }
        }

        await db.SaveChangesAsync(ct);
        return ended;
    }

    private async Task<int> FulfilPaidAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.Invoices.Where(i => i.Status == InvoiceStatus.Paid && i.FulfilledAt == null).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        var count = 0;
        foreach (var id in pending)
        {
            await fulfilment.FulfilAsync(id, ct);
            count++;
        }

        return count;
    }
}
