using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>
/// What Billing asks of the orders behind order invoices (Orders implements it): Billing takes the money and keeps the
/// subscription; the order decides what the money buys, when it lapses, and how a failed setup is given back.
/// </summary>
public interface IOrderInvoiceHandler
{
    /// <summary>Creates the server a paid order bought (a second call answers with the same server); null when it could not.</summary>
    Task<OrderedServer?> CreateServerAsync(int orderId, CancellationToken ct);

    /// <summary>Inside the transaction that fulfils the order's invoice: the order is paid and has its server.</summary>
    Task MarkPaidAsync(AppDbContext db, int orderId, int serverId, CancellationToken ct);

    /// <summary>Staff voided the order's unpaid invoice: the order is cancelled (invoice voided, capacity and coupon given back).</summary>
    Task<bool> CancelAsync(int orderId, string reason, CancellationToken ct);

    /// <summary>Billing run: cancels orders not paid in time; returns how many.</summary>
    Task<int> ExpireUnpaidAsync(CancellationToken ct);

    /// <summary>Billing run: gives the money back for paid orders whose server failed for good, where that was missed; returns how many.</summary>
    Task<int> RefundFailedAsync(CancellationToken ct);
}
