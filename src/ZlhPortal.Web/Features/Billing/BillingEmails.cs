using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>What billing tells customers by email. Amounts are formatted for a neutral reader (the job has no browser culture).</summary>
public sealed class BillingEmails(IEmailTransport transport, IOptions<PortalOptions> portal)
{
    private string Product => portal.Value.Name;

    private string Link(string path) => portal.Value.PublicUrl.TrimEnd('/') + path;

    private static string Amount(long minor, string currency) => Money.Format(minor, currency, CultureInfo.InvariantCulture);

    public Task InvoiceIssuedAsync(string to, Invoice invoice, CancellationToken ct) =>
        invoice.Status == InvoiceStatus.Paid
            ? SendAsync(to, $"Invoice {invoice.Number}: paid from your {Product} credit",
                $"Invoice {invoice.Number} ({Amount(invoice.TotalMinor, invoice.Currency)}) for {Period(invoice)} was paid from your account credit. Nothing else to do.",
                Link($"/invoices/{invoice.Id}"), ct)
            : SendAsync(to, $"Invoice {invoice.Number} from {Product}: {Amount(invoice.AmountDueMinor, invoice.Currency)} due {invoice.DueAt:yyyy-MM-dd}",
                $"Your invoice {invoice.Number} for {Period(invoice)} is ready. Amount due: {Amount(invoice.AmountDueMinor, invoice.Currency)} by {invoice.DueAt:yyyy-MM-dd}.",
                Link($"/invoices/{invoice.Id}"), ct);

    public Task PaymentReceivedAsync(string to, Invoice invoice, CancellationToken ct) =>
        SendAsync(to, $"Payment received for invoice {invoice.Number}",
            $"Thank you: we received {Amount(invoice.AmountDueMinor, invoice.Currency)} for invoice {invoice.Number}.", Link($"/invoices/{invoice.Id}"), ct);

    public Task ReminderAsync(string to, Invoice invoice, bool overdue, CancellationToken ct) =>
        SendAsync(to, $"Reminder: invoice {invoice.Number} is {(overdue ? "overdue" : "due today")}",
            $"Invoice {invoice.Number} ({Amount(invoice.AmountDueMinor, invoice.Currency)}) was due on {invoice.DueAt:yyyy-MM-dd}. Pay it to keep your server running.",
            Link($"/invoices/{invoice.Id}"), ct);

    public Task SuspendedAsync(string to, string serverName, Invoice invoice, CancellationToken ct) =>
        SendAsync(to, $"{serverName} is suspended: invoice {invoice.Number} is unpaid",
            $"We stopped {serverName} because invoice {invoice.Number} ({Amount(invoice.AmountDueMinor, invoice.Currency)}) is overdue. Pay it and the server comes back at once.",
            Link($"/invoices/{invoice.Id}"), ct);

    public Task TerminatedAsync(string to, string serverName, CancellationToken ct) =>
        SendAsync(to, $"{serverName} has been deleted",
            $"{serverName} was deleted because its invoice stayed unpaid. You can order a new server at any time.", Link("/pricing"), ct);

    public Task ProvisioningRefundedAsync(string to, string serverName, long amountMinor, string currency, bool toCard, CancellationToken ct) =>
        SendAsync(to, $"We could not set up {serverName}: your money is back",
            $"Setting up {serverName} failed and our team has been told. {Amount(amountMinor, currency)} " +
            (toCard ? "has been refunded to your card." : "has been added to your account credit; it pays your next order or invoice automatically."),
            Link("/billing"), ct);

    private static string Period(Invoice invoice) =>
        invoice.PeriodStart is { } start && invoice.PeriodEnd is { } end ? $"{start:yyyy-MM-dd} – {end:yyyy-MM-dd}" : "your order";

    private Task SendAsync(string to, string subject, string text, string link, CancellationToken ct) =>
        transport.SendAsync(new EmailMessage(to, subject, $"{text}\n\n{link}",
            $"<p>{HtmlEncoder.Default.Encode(text)}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>"), ct);
}
