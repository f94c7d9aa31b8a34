using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>
/// A paid order whose server could not be set up gives the money back, once per order, whoever calls first (the
/// failure itself or the billing run): the order's refund is claimed in the same transaction that credits it.
/// </summary>
public sealed class OrderRefunds(IDbContextFactory<AppDbContext> dbFactory, SetupRefunds refunds, TimeProvider time) : IServerSetupFailureHandler
{
    public async Task OnSetupFailedAsync(int serverId, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.ServerId == serverId && o.Status == OrderStatus.Paid && o.RefundedAt == null, ct);
        if (order is null || await SetupRefunds.PaidOrderInvoiceAsync(db, order.Id, ct) is not { } invoice)
        {
            return;
        }

        var now = time.GetUtcNow();
        SetupRefund refund;
        await using (var transaction = await CreditLedger.BeginChangeAsync(db, invoice.CustomerId, ct))
        {
            var claimed = await db.Orders.Where(o => o.Id == order.Id && o.RefundedAt == null)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.RefundedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
            if (claimed == 0)
            {
                return;
            }

            refund = await refunds.BeginAsync(db, invoice, order.Id, serverId, order.ServerName, reason, ct);
            await transaction.CommitAsync(ct);
        }

        await refunds.CompleteAsync(refund, ct);
    }
}
