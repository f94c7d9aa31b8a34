using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

/// <summary>
/// Upgrades and downgrades of a running subscription. An upgrade charges the prorated difference now
/// (price difference ÷ days in the period × days left; the due date stays) and applies the new resources live once
/// paid. A downgrade waits for the renewal, or applies now and credits the unused difference.
/// </summary>
public sealed class PlanChanges(
    IDbContextFactory<AppDbContext> dbFactory, TaxTable taxes, InvoicePayments payments, ServerLifecycle lifecycle, IOptions<BillingOptions> options, TimeProvider time,
    ILogger<PlanChanges> logger)
{
    public async Task<PlanChangeResult> QuoteAsync(int serverId, string customerId, string? planSlug, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await QuoteAsync(db, serverId, customerId, planSlug, ct);
    }

    public async Task<PlanChangeResult> ChangeAsync(int serverId, string customerId, string? planSlug, PlanChangeTiming timing, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var quoted = await QuoteAsync(db, serverId, customerId, planSlug, ct);
        if (quoted.Quote is not { } quote)
        {
            return quoted;
        }

        var subscriptionId = await db.Subscriptions.Where(s => s.ServerId == serverId).Select(s => s.Id).FirstAsync(ct);
        var now = time.GetUtcNow();
        if (quote.IsUpgrade)
        {
            var line = Pricing.Line($"Upgrade {quote.From.Name} → {quote.To.Name}, {quote.DaysLeft} days to {quote.PeriodEnd:yyyy-MM-dd}", quote.NetMinor, quote.TaxRatePercent);
            var invoice = new Invoice
            {
                CustomerId = customerId, Kind = InvoiceKind.Upgrade, Status = InvoiceStatus.Open, SubscriptionId = subscriptionId, TargetPlanId = quote.To.Id,
                Currency = quote.Currency, Country = (await taxes.ForCustomerAsync(db, customerId, ct)).Country, CreatedAt = now,
                DueAt = now + options.Value.OrderPaymentWindow, PeriodStart = now, PeriodEnd = quote.PeriodEnd,
            }.WithLines([line]);
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                // Checked inside the transaction (the database's write lock), so a double-submitted upgrade issues one invoice.
                if (await PlanChangedMeanwhileAsync(db, subscriptionId, quote, ct) is { } changed)
                {
                    return changed;
                }

                if (await db.Invoices.AnyAsync(i => i.SubscriptionId == subscriptionId && i.Kind == InvoiceKind.Upgrade && i.Status == InvoiceStatus.Open, ct))
                {
                    return new PlanChangeResult(false, "An upgrade of this server is already waiting for payment; pay or let it lapse first.", quote);
                }

                await InvoiceNumbers.AssignAsync(db, [invoice], now, ct);
                db.Invoices.Add(invoice);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            // Credit pays it at once when it covers the whole amount; otherwise the customer pays the invoice.
            if (await CreditLedger.BalanceAsync(db, customerId, ct) >= invoice.TotalMinor)
            {
                await payments.PayAsync(invoice.Id, customerId, null, $"upgrade-credit-{invoice.Id}", ct);
                invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstAsync(i => i.Id == invoice.Id, ct);
            }

            logger.LogInformation("Upgrade of server {ServerId} to {Plan}: invoice {Invoice} for {Amount}", serverId, quote.To.Slug, invoice.Number, invoice.TotalMinor);
            return new PlanChangeResult(true, invoice.Status == InvoiceStatus.Paid
                ? $"Upgraded to {quote.To.Name}, paid from your credit; the new resources are being applied."
                : $"Pay invoice {invoice.Number} and your server moves to {quote.To.Name} at once.", quote, invoice);
        }

        if (timing == PlanChangeTiming.AtRenewal)
        {
            var renewing = await db.Subscriptions.FirstAsync(s => s.Id == subscriptionId, ct);
            renewing.PendingPlanId = quote.To.Id;
            renewing.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return new PlanChangeResult(true, $"Your server moves to {quote.To.Name} at the renewal on {renewing.CurrentPeriodEnd:yyyy-MM-dd}.", quote);
        }

        await using (var transaction = await CreditLedger.BeginChangeAsync(db, customerId, ct))
        {
            // The quote was made before the ledger's lock: a second copy of this request (a double submit) finds the plan
            // already changed here and credits nothing.
            if (await PlanChangedMeanwhileAsync(db, subscriptionId, quote, ct) is { } changed)
            {
                return changed;
            }

            var subscription = await db.Subscriptions.FirstAsync(s => s.Id == subscriptionId, ct);
            subscription.PlanId = quote.To.Id;
            subscription.MonthlyPriceMinor = quote.To.MonthlyPriceMinor;
            subscription.PendingPlanId = null;
            subscription.UpdatedAt = now;
            if (quote.AmountMinor < 0)
            {
                db.CreditEntries.Add(new CreditEntry
                {
                    CustomerId = customerId, AmountMinor = -quote.AmountMinor, Currency = quote.Currency, Kind = CreditEntryKind.Downgrade,
                    Reason = $"Downgrade {quote.From.Name} → {quote.To.Name}: {quote.DaysLeft} unused days", CreatedAt = now,
                });
            }

            await lifecycle.RecordPlanAsync(db, serverId, quote.To.Id, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        lifecycle.Resize(serverId, quote.To.Id);
        return new PlanChangeResult(true, $"Moved to {quote.To.Name}; {Money.Format(-quote.AmountMinor, quote.Currency)} was added to your credit.", quote);
    }

    private static async Task<PlanChangeResult?> PlanChangedMeanwhileAsync(AppDbContext db, int subscriptionId, PlanChangeQuote quote, CancellationToken ct)
    {
        var current = await db.Subscriptions.AsNoTracking().Where(s => s.Id == subscriptionId).Select(s => new { s.PlanId, s.Status }).FirstAsync(ct);
        return current.PlanId == quote.From.Id && current.Status == SubscriptionStatus.Active
            ? null
            : new PlanChangeResult(false, current.PlanId == quote.To.Id
                ? $"The server is already on {quote.To.Name}."
                : "The subscription changed meanwhile (another change or a payment); reload and choose again.", quote);
    }

    /// <summary>Cancels at the end of the paid-up period (or takes that back); the server is deleted when the period ends.</summary>
    public async Task<PlanChangeResult> SetCancelAtPeriodEndAsync(int serverId, string customerId, bool cancel, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.ServerId == serverId && s.CustomerId == customerId && s.Status != SubscriptionStatus.Ended, ct);
        if (subscription is null)
        {
            return new PlanChangeResult(false, $"You have no subscription for server {serverId}.", NotFound: true);
        }

        subscription.CancelAtPeriodEnd = cancel;
        subscription.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new PlanChangeResult(true, cancel
            ? $"Cancelled: the server runs until {subscription.CurrentPeriodEnd:yyyy-MM-dd} and is then deleted. No further invoices."
            : "The cancellation is withdrawn; the subscription renews as usual.");
    }

    private async Task<PlanChangeResult> QuoteAsync(AppDbContext db, int serverId, string customerId, string? planSlug, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serverId && s.OwnerId == customerId && s.Status != ServerStatus.Deleted, ct);
        var subscription = server is null ? null : await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == serverId, ct);
        if (server is null)
        {
            return new PlanChangeResult(false, $"You have no server with id {serverId}.", NotFound: true);
        }

        if (subscription is null || subscription.Status != SubscriptionStatus.Active)
        {
            return new PlanChangeResult(false, subscription is null
                ? "This server has no subscription to change (it was set up by our team)."
                : "The plan can be changed only while the subscription is active (pay any overdue invoice first).");
        }

        if (server.Status is not (ServerStatus.Running or ServerStatus.Stopped))
        {
            return new PlanChangeResult(false, "The plan can be changed once the server is running or stopped.");
        }

        var from = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == subscription.PlanId, ct);
        var to = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == (planSlug ?? "") && p.Active, ct);
        var template = await db.Templates.AsNoTracking().FirstAsync(t => t.Id == server.TemplateId, ct);
        if (to is null)
        {
            return new PlanChangeResult(false, "Choose a plan that is on sale.");
        }

        if (to.Id == from.Id)
        {
            return new PlanChangeResult(false, $"The server is already on {from.Name}.");
        }

        if (!template.Fits(to))
        {
            return new PlanChangeResult(false, $"{template.Name} does not run on {to.Name}.");
        }

        var now = time.GetUtcNow();
        var (_, rate) = await taxes.ForCustomerAsync(db, customerId, ct);
        var net = Pricing.Prorate(subscription.MonthlyPriceMinor, to.MonthlyPriceMinor, subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, now);
        var daysLeft = Math.Max(0, (subscription.CurrentPeriodEnd.UtcDateTime.Date - now.UtcDateTime.Date).Days);
        var quote = new PlanChangeQuote(from, to, net, Pricing.Tax(net, rate), rate,
            subscription.CurrentPeriodEnd, daysLeft, subscription.Currency);
        return new PlanChangeResult(true, quote.IsUpgrade
            ? $"Moving to {to.Name} costs {Money.Format(quote.AmountMinor, quote.Currency)} now for the {daysLeft} days left; then {Money.Format(to.MonthlyPriceMinor, to.Currency)} a month (before tax)."
            : $"Moving to {to.Name} now credits {Money.Format(-quote.AmountMinor, quote.Currency)}; or switch at the renewal on {subscription.CurrentPeriodEnd:yyyy-MM-dd}.", quote);
    }

    /// <summary>
    /// What the server page's subscription panel shows: the customer's subscription for the server, its plan and any
    /// plan chosen for the renewal, and the plans on sale it can change to (same kind, fitting the server's template).
    /// </summary>
    public async Task<SubscriptionView?> ViewAsync(int serverId, string customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == serverId && s.CustomerId == customerId, ct);
        if (subscription is null)
        {
            return null;
        }

        var templateId = await db.Servers.Where(s => s.Id == serverId).Select(s => s.TemplateId).FirstAsync(ct);
        var template = await db.Templates.AsNoTracking().FirstAsync(t => t.Id == templateId, ct);
        var current = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == subscription.PlanId, ct);
        var pending = subscription.PendingPlanId is { } pendingId ? await db.Plans.AsNoTracking().FirstAsync(p => p.Id == pendingId, ct) : null;
        var plans = (await db.Plans.AsNoTracking().Where(p => p.Active && p.Kind == current.Kind).OrderBy(p => p.DisplayOrder).ToListAsync(ct))
            .Where(template.Fits).ToList();
        return new SubscriptionView(subscription, current, pending, plans);
    }
}
