using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>A customer's orders, newest first: the one list the billing page and the API show.</summary>
public sealed class OrderDirectory(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxRows = 200;

    public async Task<IReadOnlyList<OrderRow>> ListForCustomerAsync(string customerId, CancellationToken ct) =>
        await QueryAsync(o => o.CustomerId == customerId, ct);

    public async Task<OrderRow?> FindAsync(int orderId, CancellationToken ct) =>
        (await QueryAsync(o => o.Id == orderId, ct)).FirstOrDefault();

    private async Task<List<OrderRow>> QueryAsync(System.Linq.Expressions.Expression<Func<Order, bool>> filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from o in db.Orders.AsNoTracking().Where(filter)
                      join p in db.Plans on o.PlanId equals p.Id
                      join t in db.Templates on o.TemplateId equals t.Id
                      orderby o.Id descending
                      select new OrderRow(o.Id, o.CreatedAt, o.ServerName, o.ServerId, p.Slug, p.Name, t.Slug, o.Status, o.ExpiresAt, o.RefundedAt != null))
            .Take(MaxRows).ToListAsync(ct);
    }
}
