using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>
/// Money that is owed work or owed back: <c>zlh_invoices_paid_unfulfilled</c> (paid, server not yet delivered) and
/// <c>zlh_refunds_pending</c> (refunds the gateway has not confirmed). Either staying above zero needs a look.
/// </summary>
public sealed class BillingMetrics
{
    public BillingMetrics(PortalMetrics metrics, IDbContextFactory<AppDbContext> dbFactory)
    {
        var counts = metrics.Cached(() =>
        {
            using var db = dbFactory.CreateDbContext();
            return (
                PaidUnfulfilled: db.Invoices.Count(i => i.Status == InvoiceStatus.Paid && i.FulfilledAt == null),
                RefundsPending: db.Payments.Count(p => p.Status == PaymentStatus.RefundPending));
        });
        metrics.Meter.CreateObservableGauge("zlh_invoices_paid_unfulfilled", () => counts.Get().PaidUnfulfilled,
            description: "Paid invoices whose order is not yet fulfilled.");
        metrics.Meter.CreateObservableGauge("zlh_refunds_pending", () => counts.Get().RefundsPending,
            description: "Refunds to a card not yet confirmed by the gateway.");
    }
}
