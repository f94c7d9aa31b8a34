using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>
/// What an order invoice means to Billing: once paid, the ordered server is created (taking over the capacity reserved
/// when the order was placed) and the order is marked paid; unpaid, it lapses or is cancelled with its order.
/// </summary>
public sealed class OrderFulfilment(
    IDbContextFactory<AppDbContext> dbFactory, ServerLifecycle lifecycle, ServerPlacement placement, PlanCatalog catalog, Checkout checkout,
    OrderRefunds refunds, TimeProvider time, ILogger<OrderFulfilment> logger) : IOrderInvoiceHandler
{
    public async Task<OrderedServer?> CreateServerAsync(int orderId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == orderId, ct);
        if (await ServerOfAsync(db, orderId, ct) is { } existing)
        {
            return Ordered(order, existing);
        }

        var plan = (await catalog.GetPlanAsync(order.PlanId, ct))!;
        var template = (await catalog.GetTemplateAsync(order.TemplateId, ct))!;
        ServerRequestResult created;
        try
        {
            created = await lifecycle.CreateAsync(order.CustomerId, plan.Slug, template.Slug, order.ServerName, complimentary: false, ct, order.Id,
                order.ReservationId is { } reservationId ? (context, server, token) => placement.TakeOverReservationAsync(context, reservationId, server, token) : null);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The payment and a billing run fulfilled the order at the same moment; the order's one server is the other's.
            if (await ServerOfAsync(db, orderId, ct) is { } other)
            {
                return Ordered(order, other);
            }

            // The place held for the order was taken meanwhile: the server is made without it and placed by its job.
            logger.LogWarning(e, "Paid order {OrderId} could not take over its reservation; the server is placed when it is provisioned", order.Id);
            if (order.ReservationId is { } held)
            {
                await placement.ReleaseReservationAsync(held, ct);
            }

            created = await lifecycle.CreateAsync(order.CustomerId, plan.Slug, template.Slug, order.ServerName, complimentary: false, ct, order.Id);
        }

        if (!created.Accepted)
        {
            logger.LogError("Paid order {OrderId} could not create its server: {Problem}", order.Id, created.Message);
            return null;
        }

        return Ordered(order, created.ServerId!.Value);
    }

    private static Task<int?> ServerOfAsync(AppDbContext db, int orderId, CancellationToken ct) =>
        db.Servers.Where(s => s.OrderId == orderId).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);

    private static OrderedServer Ordered(Order order, int serverId) =>
        new(serverId, order.CustomerId, order.PlanId, order.MonthlyPriceMinor, order.Currency, order.CouponId);

    public Task MarkPaidAsync(AppDbContext db, int orderId, int serverId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(o => o
            .SetProperty(x => x.Status, OrderStatus.Paid)
            .SetProperty(x => x.ServerId, serverId)
            .SetProperty(x => x.UpdatedAt, now), ct);
    }

    public Task<bool> CancelAsync(int orderId, string reason, CancellationToken ct) => checkout.CancelAsync(orderId, reason, ct);

    public async Task<int> ExpireUnpaidAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var due = await db.Orders.Where(o => o.Status == OrderStatus.AwaitingPayment && o.ExpiresAt <= now).Select(o => o.Id).ToListAsync(ct);
        var count = 0;
        foreach (var id in due)
        {
            count += await checkout.CancelAsync(id, "Not paid in time", ct) ? 1 : 0;
        }

        return count;
    }

    public async Task<int> RefundFailedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failed = await (from o in db.Orders
                            join s in db.Servers on o.ServerId equals s.Id
                            where o.Status == OrderStatus.Paid && o.RefundedAt == null && s.Status == ServerStatus.Failed && s.Operation == ServerOperation.None
                            select new { s.Id, s.FailureReason }).ToListAsync(ct);
        foreach (var server in failed)
        {
            await refunds.OnSetupFailedAsync(server.Id, server.FailureReason ?? "setup failed", ct);
        }

        return failed.Count;
    }
}
