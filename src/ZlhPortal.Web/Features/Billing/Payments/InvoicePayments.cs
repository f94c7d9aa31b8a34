using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>
/// Takes payment for an invoice and puts in place what it buys. Exactly one payment per invoice however requests,
/// retries and webhooks race: a payment slot on the invoice is claimed atomically, the gateway gets an idempotency key,
/// and unique indexes refuse a second successful payment or a second use of credit.
/// </summary>
public sealed class InvoicePayments(
    IDbContextFactory<AppDbContext> dbFactory, IPaymentGateway gateway, Fulfilment fulfilment, BillingEmails emails, TimeProvider time,
    ILogger<InvoicePayments> logger)
{
    /// <summary>A payment slot older than this was left by a crashed request and may be taken again.</summary>
    public static readonly TimeSpan StalePaymentClaim = TimeSpan.FromMinutes(2);

    /// <param name="customerId">The payer; another customer's invoice is "not found". Null for staff.</param>
    public async Task<PayResult> PayAsync(int invoiceId, string? customerId, string? card, string? idempotencyKey, CancellationToken ct)
    {
        idempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (idempotencyKey is { Length: > 100 })
        {
            return new PayResult(PayOutcome.Conflict, "The Idempotency-Key header may be at most 100 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId && (customerId == null || i.CustomerId == customerId), ct);
        if (invoice is null)
        {
            return new PayResult(PayOutcome.NotFound, $"You have no invoice with id {invoiceId}.");
        }

        if (idempotencyKey is not null && await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.InvoiceId == invoiceId && p.IdempotencyKey == idempotencyKey, ct) is { } earlier)
        {
            return earlier.Status == PaymentStatus.Failed
                ? new PayResult(PayOutcome.Declined, earlier.FailureMessage ?? "The payment was declined.")
                : new PayResult(PayOutcome.AlreadyPaid, "This invoice is paid.", await ServerForAsync(db, invoice, ct));
        }

        if (invoice.Status == InvoiceStatus.Paid)
        {
            return new PayResult(PayOutcome.AlreadyPaid, "This invoice is already paid.", await ServerForAsync(db, invoice, ct));
        }

        var now = time.GetUtcNow();
        if (OrderInvoiceBook.Lapsed(invoice, now))
        {
            return new PayResult(PayOutcome.Conflict, "This order expired because it was not paid in time, and nothing was charged. Please order again.");
        }

        if (invoice.Status == InvoiceStatus.Void)
        {
            return new PayResult(PayOutcome.Conflict, "This invoice was cancelled and cannot be paid.");
        }

        var staleBefore = now - StalePaymentClaim;
        var claimed = await db.Invoices
            .Where(i => i.Id == invoiceId && (i.Status == InvoiceStatus.Draft || i.Status == InvoiceStatus.Open)
                && (i.PaymentStartedAt == null || i.PaymentStartedAt < staleBefore))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.PaymentStartedAt, now), ct);
        if (claimed == 0)
        {
            var current = await db.Invoices.AsNoTracking().Where(i => i.Id == invoiceId).Select(i => i.Status).FirstAsync(ct);
            return current == InvoiceStatus.Paid
                ? new PayResult(PayOutcome.AlreadyPaid, "This invoice is already paid.", await ServerForAsync(db, invoice, ct))
                : new PayResult(PayOutcome.Conflict, "A payment for this invoice is already being processed. Wait a moment and reload.");
        }

        try
        {
            var credit = invoice.CreditAppliedMinor == 0 && invoice.Kind != InvoiceKind.TopUp
                ? Math.Max(0, Math.Min(await CreditLedger.BalanceAsync(db, invoice.CustomerId, ct), invoice.TotalMinor))
                : 0;
            var due = invoice.TotalMinor - invoice.CreditAppliedMinor - credit;
            string? reference = null;
            if (due > 0)
            {
                var charge = await gateway.ChargeAsync(
                    new ChargeRequest(invoiceId, invoice.CustomerId, due, invoice.Currency, card, await GatewayKeyAsync(db, invoice, due, idempotencyKey, ct)), ct);
                switch (charge.Outcome)
                {
                    case ChargeOutcome.Declined or ChargeOutcome.Error:
                        db.Payments.Add(new Payment
                        {
                            InvoiceId = invoiceId, CustomerId = invoice.CustomerId, Gateway = gateway.Name, AmountMinor = due, Currency = invoice.Currency,
                            Status = PaymentStatus.Failed, FailureMessage = charge.Message, IdempotencyKey = idempotencyKey, CreatedAt = now,
                        });
                        await db.SaveChangesAsync(ct);
                        logger.LogInformation("Payment of invoice {InvoiceId} refused: {Message}", invoiceId, charge.Message);
                        return new PayResult(charge.Outcome == ChargeOutcome.Declined ? PayOutcome.Declined : PayOutcome.GatewayError, charge.Message!);
                    case ChargeOutcome.Redirect:
                        return new PayResult(PayOutcome.Redirect, "Continue on the payment page.", RedirectUrl: charge.RedirectUrl);
                }

                reference = charge.Reference;
            }

            var settled = await SettleAsync(invoiceId, gateway.Name, reference, due, credit, idempotencyKey, ct);
            return settled;
        }
        finally
        {
            await db.Invoices.Where(i => i.Id == invoiceId).ExecuteUpdateAsync(i => i.SetProperty(x => x.PaymentStartedAt, (DateTimeOffset?)null), CancellationToken.None);
        }
    }

    /// <summary>
    /// Records money received for an invoice (from a charge here or a gateway's webhook) and marks it paid, numbering a
    /// draft. A second report of the same charge, or of another charge for an invoice already paid, changes nothing.
    /// </summary>
    public async Task<PayResult> SettleAsync(int invoiceId, string gatewayName, string? reference, long amountMinor, long creditMinor, string? idempotencyKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        Invoice invoice;
        var customerId = await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.CustomerId).FirstAsync(ct);
        await using (var transaction = await CreditLedger.BeginChangeAsync(db, customerId, ct))
        {
            invoice = await db.Invoices.FirstAsync(i => i.Id == invoiceId, ct);
            if (reference is not null && await db.Payments.AnyAsync(p => p.Gateway == gatewayName && p.GatewayReference == reference, ct))
            {
                // The same payment reported again (a retried webhook): it was recorded the first time.
                return new PayResult(PayOutcome.AlreadyPaid, "This invoice is already paid.", await ServerForAsync(db, invoice, ct));
            }

            // Money that cannot settle the invoice is never dropped and never settles it: an invoice paid meanwhile (a
            // second Checkout tab, a late webhook), a cancelled one, or a payment that with the usable credit still falls
            // short keeps the money as account credit, recorded, and the invoice stays as it was.
            // The credit counted on when the charge was sized may have gone meanwhile (another invoice paid from it): only
            // what is still there now, under the ledger's lock, is used.
            var creditShort = creditMinor > 0 && await CreditLedger.BalanceAsync(db, invoice.CustomerId, ct) < creditMinor;
            var unsettled = invoice.Status switch
            {
                InvoiceStatus.Paid => $"A second payment for invoice {invoice.Number}, which was already paid",
                InvoiceStatus.Void => $"Payment received after invoice #{invoice.Id} was cancelled",
                _ when creditShort => $"Payment of {Money.Format(amountMinor, invoice.Currency, System.Globalization.CultureInfo.InvariantCulture)} towards invoice #{invoice.Id}, whose credit was used by another payment meanwhile",
                _ when amountMinor + creditMinor < invoice.TotalMinor - invoice.CreditAppliedMinor =>
                    $"Payment of {Money.Format(amountMinor, invoice.Currency, System.Globalization.CultureInfo.InvariantCulture)} fell short of invoice #{invoice.Id}",
                _ => null,
            };
            if (unsettled is not null)
            {
                if (invoice.Status == InvoiceStatus.Paid && amountMinor == 0)
                {
                    return new PayResult(PayOutcome.AlreadyPaid, "This invoice is already paid.", await ServerForAsync(db, invoice, ct));
                }

                if (amountMinor > 0)
                {
                    db.Payments.Add(NewPayment(invoice, gatewayName, reference, amountMinor, idempotencyKey, now, PaymentStatus.Credited));
                    db.CreditEntries.Add(new CreditEntry
                    {
                        CustomerId = invoice.CustomerId, AmountMinor = amountMinor, Currency = invoice.Currency, Kind = CreditEntryKind.TopUp,
                        Reason = $"{unsettled}; kept as account credit", InvoiceId = null, CreatedAt = now,
                    });
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    logger.LogWarning("{Unsettled}: {Amount} via {Gateway} kept as credit", unsettled, amountMinor, gatewayName);
                }

                return invoice.Status switch
                {
                    InvoiceStatus.Paid => new PayResult(PayOutcome.AlreadyPaid, "This invoice was already paid; the second payment was added to your account credit.",
                        await ServerForAsync(db, invoice, ct)),
                    InvoiceStatus.Void => new PayResult(PayOutcome.Conflict, "This invoice was cancelled; the payment was kept as account credit."),
                    _ when creditShort && amountMinor == 0 => new PayResult(PayOutcome.Conflict,
                        "Your account credit was used by another payment meanwhile, so this invoice is still open and nothing was charged. Pay it again."),
                    _ when creditShort => new PayResult(PayOutcome.Conflict,
                        "Your account credit was used by another payment meanwhile; the card payment was kept as account credit and the invoice is still open. Pay it again to use that credit."),
                    _ => new PayResult(PayOutcome.Conflict, "The payment did not cover the invoice; it was kept as account credit and the invoice is still open."),
                };
            }

            if (invoice.Status == InvoiceStatus.Draft)
            {
                await InvoiceNumbers.AssignAsync(db, [invoice], now, ct);
            }

            if (creditMinor > 0)
            {
                invoice.CreditAppliedMinor += creditMinor;
                db.CreditEntries.Add(new CreditEntry
                {
                    CustomerId = invoice.CustomerId, AmountMinor = -creditMinor, Currency = invoice.Currency, Kind = CreditEntryKind.AppliedToInvoice,
                    Reason = $"Paid towards invoice {invoice.Number}", InvoiceId = invoice.Id, CreatedAt = now,
                });
            }

            if (amountMinor > 0 || creditMinor == 0)
            {
                db.Payments.Add(NewPayment(invoice, gatewayName, reference, amountMinor, idempotencyKey, now));
            }

            invoice.Status = InvoiceStatus.Paid;
            invoice.PaidAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        logger.LogInformation("Invoice {InvoiceId} ({Number}) paid: {Amount} via {Gateway}, {Credit} from credit", invoice.Id, invoice.Number, amountMinor, gatewayName, creditMinor);
        var serverId = await fulfilment.FulfilAsync(invoice.Id, ct);
        if (await db.Users.Where(u => u.Id == invoice.CustomerId).Select(u => u.Email).FirstOrDefaultAsync(ct) is { } email)
        {
            await emails.PaymentReceivedAsync(email, invoice, ct);
        }

        return new PayResult(PayOutcome.Paid, "Payment received. Thank you!", serverId);
    }

    /// <summary>
    /// The idempotency key the gateway sees. A customer's key is scoped to the customer and the invoice, so two customers
    /// choosing the same key never get each other's charge. Without one, the key names the attempt (the next after the
    /// failed ones, for this amount): a retry after a crash between the charge and its record asks the gateway for the
    /// same charge instead of a second one, while a new attempt after a decline is a new charge.
    /// </summary>
    private static async Task<string> GatewayKeyAsync(AppDbContext db, Invoice invoice, long dueMinor, string? clientKey, CancellationToken ct)
    {
        var scope = $"{invoice.CustomerId}:invoice-{invoice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (clientKey is not null)
        {
            return $"{scope}:key-{clientKey}";
        }

        var failed = await db.Payments.CountAsync(p => p.InvoiceId == invoice.Id && p.Status == PaymentStatus.Failed, ct);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{scope}:attempt-{failed + 1}:{dueMinor}");
    }

    private static Payment NewPayment(
        Invoice invoice, string gatewayName, string? reference, long amountMinor, string? idempotencyKey, DateTimeOffset now,
        PaymentStatus status = PaymentStatus.Succeeded) => new()
    {
        InvoiceId = invoice.Id, CustomerId = invoice.CustomerId, Gateway = gatewayName, GatewayReference = reference, AmountMinor = amountMinor,
        Currency = invoice.Currency, Status = status, IdempotencyKey = idempotencyKey, CreatedAt = now,
    };

    private static async Task<int?> ServerForAsync(AppDbContext db, Invoice invoice, CancellationToken ct) =>
        invoice.OrderId is { } orderId ? await db.Servers.Where(s => s.OrderId == orderId).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct)
        : invoice.SubscriptionId is { } subscriptionId ? await db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => (int?)s.ServerId).FirstOrDefaultAsync(ct)
        : null;
}
