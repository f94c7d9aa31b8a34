using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>One customer's billing as staff see it in the customer view: subscriptions, invoices, payments, credit.</summary>
public sealed record CustomerBillingView(
    string Currency, long CreditBalanceMinor, IReadOnlyList<CustomerSubscriptionRow> Subscriptions, IReadOnlyList<CustomerInvoiceRow> Invoices,
    IReadOnlyList<CustomerPaymentRow> Payments, IReadOnlyList<CustomerCreditRow> Credit);

public sealed record CustomerSubscriptionRow(
    int Id, int ServerId, string? ServerName, string? PlanName, SubscriptionStatus Status, long MonthlyPriceMinor, string Currency,
    DateTimeOffset CurrentPeriodEnd, bool CancelAtPeriodEnd, bool SuspendedForNonPayment);

public sealed record CustomerInvoiceRow(
    int Id, string? Number, InvoiceKind Kind, InvoiceStatus Status, long TotalMinor, string Currency, DateTimeOffset? IssuedAt, DateTimeOffset DueAt,
    DateTimeOffset? PaidAt);

public sealed record CustomerPaymentRow(int Id, int InvoiceId, string Gateway, long AmountMinor, string Currency, PaymentStatus Status, string? FailureMessage,
    DateTimeOffset CreatedAt);

public sealed record CustomerCreditRow(long Id, long AmountMinor, string Currency, CreditEntryKind Kind, string Reason, DateTimeOffset CreatedAt);

/// <summary>Reads <see cref="CustomerBillingView"/>; the newest <see cref="Shown"/> rows of each list.</summary>
public sealed class CustomerBilling(IDbContextFactory<AppDbContext> dbFactory, IOptions<BillingOptions> options)
{
    public const int Shown = 50;

    public async Task<CustomerBillingView> GetAsync(string customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscriptions = await (from s in db.Subscriptions.AsNoTracking()
                                   where s.CustomerId == customerId
                                   join server in db.Servers on s.ServerId equals server.Id into servers
                                   from server in servers.DefaultIfEmpty()
                                   join p in db.Plans on s.PlanId equals p.Id into plans
                                   from p in plans.DefaultIfEmpty()
                                   orderby s.Id descending
                                   select new CustomerSubscriptionRow(s.Id, s.ServerId, server == null ? null : server.Name, p == null ? null : p.Name, s.Status,
                                       s.MonthlyPriceMinor, s.Currency, s.CurrentPeriodEnd, s.CancelAtPeriodEnd, s.SuspendedForNonPayment))
            .Take(Shown).ToListAsync(ct);
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.CustomerId == customerId && (i.Status != InvoiceStatus.Void || i.Number != null))
            .OrderByDescending(i => i.Id).Take(Shown)
            .Select(i => new CustomerInvoiceRow(i.Id, i.Number, i.Kind, i.Status, i.TotalMinor, i.Currency, i.IssuedAt, i.DueAt, i.PaidAt))
            .ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CustomerId == customerId).OrderByDescending(p => p.Id).Take(Shown)
            .Select(p => new CustomerPaymentRow(p.Id, p.InvoiceId, p.Gateway, p.AmountMinor, p.Currency, p.Status, p.FailureMessage, p.CreatedAt))
            .ToListAsync(ct);
        var credit = await db.CreditEntries.AsNoTracking().Where(c => c.CustomerId == customerId).OrderByDescending(c => c.Id).Take(Shown)
            .Select(c => new CustomerCreditRow(c.Id, c.AmountMinor, c.Currency, c.Kind, c.Reason, c.CreatedAt))
            .ToListAsync(ct);
        return new CustomerBillingView(options.Value.Currency, await CreditLedger.BalanceAsync(db, customerId, ct), subscriptions, invoices, payments, credit);
    }
}
