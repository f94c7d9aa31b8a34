using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>Billing holds a server suspended while its subscription is suspended for an unpaid invoice.</summary>
public sealed class BillingSuspensionHold(IDbContextFactory<AppDbContext> dbFactory) : IServerSuspensionHold
{
    public async Task<string?> WhyHeldAsync(int serverId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Subscriptions.AnyAsync(s => s.ServerId == serverId && s.SuspendedForNonPayment, ct)
            ? "an invoice for it is overdue; it is restored once the invoice is paid"
            : null;
    }
}
