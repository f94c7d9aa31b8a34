using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>
/// Staff corrections to billing: mark an invoice paid (it is then fulfilled like any payment), void an unpaid one,
/// issue a credit note for a paid one (refunded to the card or added as account credit), adjust credit. Every action
/// needs a reason and lands in the customer's activity log.
/// </summary>
public sealed class BillingAdministration(
    IDbContextFactory<AppDbContext> dbFactory, InvoicePayments payments, IOrderInvoiceHandler orders, CreditLedger ledger, IPaymentGateway gateway, ActivityLog activity,
    Microsoft.Extensions.Options.IOptions<BillingOptions> options, TimeProvider time, ILogger<BillingAdministration> logger)
{
    public const int ReasonMaxLength = 200;
    public const string ManualGateway = "manual";

    public async Task<AdminResult> MarkPaidAsync(int invoiceId, string adminId, string? reason, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null)
        {
            return AdminResult.NotFound(invoiceId);
        }

        if (invoice.Status != InvoiceStatus.Draft && invoice.Status != InvoiceStatus.Open)
        {
            return AdminResult.Refused(invoice.Status == InvoiceStatus.Paid ? "This invoice is already paid." : "A void invoice cannot be paid.");
        }

        var now = time.GetUtcNow();
        if (OrderInvoiceBook.Lapsed(invoice, now))
        {
            return AdminResult.Refused("The order expired and its capacity was released; the customer has to order again.");
        }

        // The same slot a customer's payment claims, so staff and customer never both settle the invoice.
        var staleBefore = now - InvoicePayments.StalePaymentClaim;
        var claimed = await db.Invoices
            .Where(i => i.Id == invoiceId && (i.Status == InvoiceStatus.Draft || i.Status == InvoiceStatus.Open)
                && (i.PaymentStartedAt == null || i.PaymentStartedAt < staleBefore))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.PaymentStartedAt, now), ct);
        if (claimed == 0)
        {
            return AdminResult.Refused("A payment for this invoice is being processed right now; reload in a moment.");
        }

        PayResult settled;
        try
        {
            settled = await payments.SettleAsync(invoiceId, ManualGateway, $"manual-{Guid.NewGuid():N}", invoice.AmountDueMinor, 0, null, ct);
        }
        finally
        {
            await db.Invoices.Where(i => i.Id == invoiceId).ExecuteUpdateAsync(i => i.SetProperty(x => x.PaymentStartedAt, (DateTimeOffset?)null), CancellationToken.None);
        }

        if (settled.Outcome != PayOutcome.Paid)
        {
            return AdminResult.Refused(settled.Message);
        }

        var number = await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Number).FirstAsync(ct);
        logger.LogInformation("Invoice {InvoiceId} marked paid by {AdminId}: {Reason}", invoiceId, adminId, reason);
        await activity.RecordAsync(invoice.CustomerId, AccountActivityKind.InvoiceMarkedPaid,
            $"Invoice {number} ({Format(invoice.AmountDueMinor, invoice.Currency)}) marked paid by staff: {reason}", null, ct);
        return new AdminResult(true, $"Invoice {number} is paid" + (settled.ServerId is { } serverId ? $"; server #{serverId} is being set up." : "."));
    }

    /// <summary>Cancels an unpaid invoice. An issued one keeps its number; an order's draft also cancels the order and frees its capacity.</summary>
    public async Task<AdminResult> VoidAsync(int invoiceId, string adminId, string? reason, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null)
        {
            return AdminResult.NotFound(invoiceId);
        }

        switch (invoice.Status)
        {
            case InvoiceStatus.Paid:
                return AdminResult.Refused("A paid invoice cannot be voided; issue a credit note instead.");
            case InvoiceStatus.Void:
                return AdminResult.Refused("This invoice is already void.");
        }

        var staleBefore = time.GetUtcNow() - InvoicePayments.StalePaymentClaim;
        if (invoice.PaymentStartedAt is { } started && started >= staleBefore)
        {
            return AdminResult.Refused("A payment for this invoice is being processed right now; reload in a moment.");
        }

        var voided = invoice.OrderId is { } orderId && await orders.CancelAsync(orderId, reason!, ct);
        if (!voided)
        {
            var now = time.GetUtcNow();
            voided = await CreditLedger.VoidAsync(db, db.Invoices
                .Where(i => i.Id == invoiceId && (i.Status == InvoiceStatus.Draft || i.Status == InvoiceStatus.Open)
                    && (i.PaymentStartedAt == null || i.PaymentStartedAt < staleBefore)), reason!, now, ct) > 0;
        }

        if (!voided)
        {
            return AdminResult.Refused("The invoice changed meanwhile (paid or being paid); reload and check.");
        }

        var label = invoice.Number ?? $"#{invoice.Id}";
        logger.LogInformation("Invoice {InvoiceId} voided by {AdminId}: {Reason}", invoiceId, adminId, reason);
        await activity.RecordAsync(invoice.CustomerId, AccountActivityKind.InvoiceVoided,
            $"Invoice {label} ({Format(invoice.TotalMinor, invoice.Currency)}) cancelled by staff" + (invoice.OrderId is null ? "" : ", with its order") + $": {reason}", null, ct);
        return new AdminResult(true, $"Invoice {label} is void" + (invoice.OrderId is null ? "." : "; the order was cancelled."));
    }

    /// <summary>A credit note for part or all of a paid invoice, refunded through the gateway.</summary>
    public Task<AdminResult> RefundAsync(int invoiceId, string adminId, string? reason, long amountMinor, CancellationToken ct = default) =>
        CreditNoteAsync(invoiceId, adminId, reason, amountMinor, toCard: true, ct);

    /// <summary>
    /// Corrects a paid invoice with a numbered credit note for <paramref name="amountMinor"/> (tax included), never more
    /// than was paid minus earlier credit notes. The money goes back to the card when asked and possible, else to account credit.
    /// </summary>
    public async Task<AdminResult> CreditNoteAsync(int invoiceId, string adminId, string? reason, long amountMinor, bool toCard, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        if (amountMinor <= 0 || amountMinor > Pricing.MaxAmountMinor)
        {
            return AdminResult.Invalid("Enter an amount greater than zero.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        Invoice invoice;
        Invoice note;
        Payment? payment = null;
        long cardMinor = 0;
        if (await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.CustomerId).FirstOrDefaultAsync(ct) is not { } customerId)
        {
            return AdminResult.NotFound(invoiceId);
        }

        await using (var transaction = await CreditLedger.BeginChangeAsync(db, customerId, ct))
        {
            var found = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstAsync(i => i.Id == invoiceId, ct);

            invoice = found;
            if (invoice.Kind == InvoiceKind.CreditNote)
            {
                return AdminResult.Refused("A credit note cannot itself be credited.");
            }

            if (invoice.Status != InvoiceStatus.Paid)
            {
                return AdminResult.Refused("Only a paid invoice can be credited; void an unpaid one instead.");
            }

            var credited = -await db.Invoices.Where(i => i.CorrectsInvoiceId == invoiceId && i.Kind == InvoiceKind.CreditNote).SumAsync(i => i.TotalMinor, ct);
            var creditable = invoice.TotalMinor - credited;
            if (amountMinor > creditable)
            {
                return AdminResult.Invalid(creditable <= 0
                    ? $"Invoice {invoice.Number} has been credited in full already."
                    : $"At most {Format(creditable, invoice.Currency)} of invoice {invoice.Number} is left to credit.");
            }

            if (toCard)
            {
                payment = await db.Payments.AsNoTracking()
                    .FirstOrDefaultAsync(p => p.InvoiceId == invoiceId && p.Status == PaymentStatus.Succeeded && p.GatewayReference != null && p.Gateway == gateway.Name, ct);
                if (payment is not null)
                {
                    var refunded = -await (from p in db.Payments
                                           join n in db.Invoices on p.InvoiceId equals n.Id
                                           where n.CorrectsInvoiceId == invoiceId && p.Status == PaymentStatus.Refunded
                                           select p.AmountMinor).SumAsync(ct);
                    cardMinor = Math.Clamp(payment.AmountMinor - refunded, 0, amountMinor);
                }
            }

            note = NewCreditNote(invoice, amountMinor, reason!, now);
            await InvoiceNumbers.AssignAsync(db, [note], now, ct);
            db.Invoices.Add(note);
            await db.SaveChangesAsync(ct);
            AddCredit(db, note, amountMinor - cardMinor, $"Credit note {note.Number} for invoice {invoice.Number}: {reason}", adminId, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var toCardMinor = 0L;
        if (cardMinor > 0)
        {
            if (await gateway.RefundAsync(payment!.GatewayReference!, cardMinor, ct))
            {
                toCardMinor = cardMinor;
                db.Payments.Add(new Payment
                {
                    InvoiceId = note.Id, CustomerId = invoice.CustomerId, Gateway = gateway.Name, AmountMinor = -cardMinor, Currency = invoice.Currency,
                    Status = PaymentStatus.Refunded, CreatedAt = now,
                });
                await db.SaveChangesAsync(ct);
            }
            else
            {
                await using var transaction = await CreditLedger.BeginChangeAsync(db, customerId, ct);
                AddCredit(db, note, cardMinor, $"Credit note {note.Number} for invoice {invoice.Number} (card refund failed): {reason}", adminId, now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }

        var creditMinor = amountMinor - toCardMinor;
        var outcome = (toCardMinor, creditMinor) switch
        {
            ( > 0, > 0) => $"{Format(toCardMinor, invoice.Currency)} refunded to the card and {Format(creditMinor, invoice.Currency)} added to account credit",
            ( > 0, _) => $"{Format(toCardMinor, invoice.Currency)} refunded to the card",
            _ => $"{Format(creditMinor, invoice.Currency)} added to account credit",
        };
        logger.LogInformation("Credit note {Number} for invoice {InvoiceId} by {AdminId}: {Card} to the card, {Credit} as credit", note.Number, invoiceId, adminId, toCardMinor, creditMinor);
        await activity.RecordAsync(invoice.CustomerId, AccountActivityKind.CreditNoteIssued,
            $"Credit note {note.Number} for invoice {invoice.Number}: {outcome}. Reason: {reason}", null, ct);
        return new AdminResult(true, $"Credit note {note.Number} issued; {outcome}" + (toCard && toCardMinor < amountMinor ? " (the card could not take all of it)." : "."), note.Id);
    }

    /// <summary>Adds (positive) or takes (negative) account credit for the account with this email.</summary>
    public async Task<AdminResult> AdjustCreditAsync(string? customerEmail, long amountMinor, string adminId, string? reason, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return AdminResult.Invalid(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = (customerEmail ?? "").Trim().ToUpperInvariant();
        var customerId = email.Length == 0 ? null : await db.Users.Where(u => u.NormalizedEmail == email).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (customerId is null)
        {
            return AdminResult.Invalid("No account has that email.");
        }

        if (await ledger.AdjustAsync(customerId, amountMinor, reason!, adminId, ct) is { } refused)
        {
            return AdminResult.Invalid(refused);
        }

        var currency = options.Value.Currency;
        await activity.RecordAsync(customerId, AccountActivityKind.CreditAdjusted,
            $"Account credit {(amountMinor > 0 ? "increased" : "reduced")} by {Format(Math.Abs(amountMinor), currency)} by staff: {reason}", null, ct);
        return new AdminResult(true, $"Credit adjusted by {Format(amountMinor, currency)}; the balance is now {Format(await ledger.BalanceAsync(customerId, ct), currency)}.");
    }

    public async Task<RevenueSummary> RevenueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var monthStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issued = db.Invoices.Where(i => i.IssuedAt >= monthStart && i.Status != InvoiceStatus.Void);
        var invoiced = await issued.Where(i => i.Kind != InvoiceKind.CreditNote).SumAsync(i => i.TotalMinor, ct);
        var creditNotes = -await issued.Where(i => i.Kind == InvoiceKind.CreditNote).SumAsync(i => i.TotalMinor, ct);
        var collected = await db.Payments.Where(p => p.CreatedAt >= monthStart && p.AmountMinor > 0 && p.Status != PaymentStatus.Failed).SumAsync(p => p.AmountMinor, ct);
        var refunded = -await db.Payments.Where(p => p.CreatedAt >= monthStart && p.AmountMinor < 0 && p.Status == PaymentStatus.Refunded).SumAsync(p => p.AmountMinor, ct);
        var open = await db.Invoices.Where(i => i.Status == InvoiceStatus.Open).Select(i => new { Due = i.TotalMinor - i.CreditAppliedMinor, i.DueAt }).ToListAsync(ct);
        var active = db.Subscriptions.Where(s => s.Status == SubscriptionStatus.Active);
        return new RevenueSummary(monthStart, options.Value.Currency, invoiced, collected, creditNotes, refunded, open.Sum(i => i.Due),
            open.Where(i => i.DueAt < now).Sum(i => i.Due), await active.CountAsync(ct), await active.SumAsync(s => s.MonthlyPriceMinor, ct));
    }

    private static Invoice NewCreditNote(Invoice invoice, long amountMinor, string reason, DateTimeOffset now)
    {
        // The correction carries the tax of the invoice it corrects, split out of the gross amount.
        var rate = invoice.Lines.Where(l => l.NetMinor > 0).Select(l => l.TaxRatePercent).FirstOrDefault();
        var net = Pricing.Round(amountMinor * 100m / (100m + rate));
        var description = $"Credit for invoice {invoice.Number}: {reason}";
        return new Invoice
        {
            CustomerId = invoice.CustomerId, Kind = InvoiceKind.CreditNote, Status = InvoiceStatus.Paid, CorrectsInvoiceId = invoice.Id, Currency = invoice.Currency,
            Country = invoice.Country, CreatedAt = now, DueAt = now, PaidAt = now, FulfilledAt = now, NotifiedAt = now,
        }.WithLines([new PricedLine(description, -net, rate, -(amountMinor - net))]);
    }

    private static void AddCredit(AppDbContext db, Invoice note, long amountMinor, string reason, string adminId, DateTimeOffset now)
    {
        if (amountMinor > 0)
        {
            db.CreditEntries.Add(new CreditEntry
            {
                CustomerId = note.CustomerId, AmountMinor = amountMinor, Currency = note.Currency, Kind = CreditEntryKind.CreditNote,
                Reason = reason.Length > 500 ? reason[..500] : reason, InvoiceId = note.Id, CreatedBy = adminId, CreatedAt = now,
            });
        }
    }

    private static string? CheckReason(ref string? reason)
    {
        reason = (reason ?? "").Trim();
        return reason.Length is 0 or > ReasonMaxLength || reason.Any(char.IsControl) ? $"Give a reason of 1 to {ReasonMaxLength} characters." : null;
    }

    private static string Format(long minor, string currency) => Money.Format(minor, currency, CultureInfo.InvariantCulture);
}
