using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>
/// What billing tells customers by email, through the outbox: each message has a key naming what it is about, so it is
/// sent once however often the code that causes it runs, and an unreachable mail server delays it without stopping the
/// billing run. The billing run queues with its own changes and delivers at its end; a payment or a refund queues and
/// tries to deliver at once. Amounts are formatted for a neutral reader (the job has no browser culture).
/// </summary>
public sealed class BillingEmails(EmailOutbox outbox, IOptions<PortalOptions> portal, TimeProvider time)
{
    private string Product => portal.Value.Name;

    private string Link(string path) => portal.Value.PublicUrl.TrimEnd('/') + path;

    private static string Amount(long minor, string currency) => Money.Format(minor, currency, CultureInfo.InvariantCulture);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Queues the "invoice issued" mail of each invoice with a recipient; returns how many were queued.</summary>
    public Task<int> QueueInvoicesIssuedAsync(AppDbContext db, IEnumerable<(string To, Invoice Invoice)> invoices, CancellationToken ct) =>
        EmailOutbox.QueueAsync(db, invoices.Select(i => ($"invoice-issued:{Id(i.Invoice.Id)}", InvoiceIssued(i.To, i.Invoice))).ToList(), time.GetUtcNow(), ct);

    private EmailMessage InvoiceIssued(string to, Invoice invoice) =>
        invoice.Status == InvoiceStatus.Paid
            ? Compose(to, $"Invoice {invoice.Number}: paid from your {Product} credit",
                $"Invoice {invoice.Number} ({Amount(invoice.TotalMinor, invoice.Currency)}) for {Period(invoice)} was paid from your account credit. Nothing else to do.",
                Link($"/invoices/{invoice.Id}"))
            : Compose(to, $"Invoice {invoice.Number} from {Product}: {Amount(invoice.AmountDueMinor, invoice.Currency)} due {invoice.DueAt:yyyy-MM-dd}",
                $"Your invoice {invoice.Number} for {Period(invoice)} is ready. Amount due: {Amount(invoice.AmountDueMinor, invoice.Currency)} by {invoice.DueAt:yyyy-MM-dd}.",
                Link($"/invoices/{invoice.Id}"));

    /// <param name="reminder">Which reminder of the invoice this is (1 for the first), part of its key.</param>
    public Task<bool> QueueReminderAsync(AppDbContext db, string to, Invoice invoice, int reminder, bool overdue, CancellationToken ct) =>
        QueueAsync(db, $"reminder:{Id(invoice.Id)}:{Id(reminder)}", Compose(to, $"Reminder: invoice {invoice.Number} is {(overdue ? "overdue" : "due today")}",
            $"Invoice {invoice.Number} ({Amount(invoice.AmountDueMinor, invoice.Currency)}) was due on {invoice.DueAt:yyyy-MM-dd}. Pay it to keep your server running.",
            Link($"/invoices/{invoice.Id}")), ct);

    public Task<bool> QueueSuspendedAsync(AppDbContext db, string to, string serverName, Invoice invoice, CancellationToken ct) =>
        QueueAsync(db, $"suspended:{Id(invoice.Id)}", Compose(to, $"{serverName} is suspended: invoice {invoice.Number} is unpaid",
            $"We stopped {serverName} because invoice {invoice.Number} ({Amount(invoice.AmountDueMinor, invoice.Currency)}) is overdue. Pay it and the server comes back at once.",
            Link($"/invoices/{invoice.Id}")), ct);

    public Task<bool> QueueTerminatedAsync(AppDbContext db, string to, string serverName, Invoice invoice, CancellationToken ct) =>
        QueueAsync(db, $"terminated:{Id(invoice.Id)}", Compose(to, $"{serverName} has been deleted",
            $"{serverName} was deleted because its invoice stayed unpaid. You can order a new server at any time.", Link("/pricing")), ct);

    public Task PaymentReceivedAsync(string to, Invoice invoice, CancellationToken ct) =>
        outbox.SendAsync($"payment-received:{Id(invoice.Id)}", Compose(to, $"Payment received for invoice {invoice.Number}",
            $"Thank you: we received {Amount(invoice.AmountDueMinor, invoice.Currency)} for invoice {invoice.Number}.", Link($"/invoices/{invoice.Id}")), ct);

    public Task ProvisioningRefundedAsync(int orderId, string to, string serverName, long amountMinor, string currency, bool toCard, CancellationToken ct) =>
        outbox.SendAsync($"setup-refund:{Id(orderId)}", Compose(to, $"We could not set up {serverName}: your money is back",
            $"Setting up {serverName} failed and our team has been told. {Amount(amountMinor, currency)} " +
            (toCard ? "has been refunded to your card." : "has been added to your account credit; it pays your next order or invoice automatically."),
            Link("/billing")), ct);

    /// <summary>Delivers what is queued (the billing run's mail, and any earlier message the mail server did not take).</summary>
    public Task<int> DeliverQueuedAsync(CancellationToken ct) => outbox.DeliverAsync(ct);

    private static string Period(Invoice invoice) =>
        invoice.PeriodStart is { } start && invoice.PeriodEnd is { } end ? $"{start:yyyy-MM-dd} – {end:yyyy-MM-dd}" : "your order";

    private Task<bool> QueueAsync(AppDbContext db, string key, EmailMessage message, CancellationToken ct) =>
        EmailOutbox.QueueAsync(db, key, message, time.GetUtcNow(), ct);

    private static EmailMessage Compose(string to, string subject, string text, string link) =>
        new(to, subject, $"{text}\n\n{link}",
            $"<p>{HtmlEncoder.Default.Encode(text)}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>");
}
