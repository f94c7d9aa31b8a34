using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary><c>zlh_outbox_pending</c>: queued emails not yet sent; a count that keeps growing means mail is not leaving.</summary>
public sealed class OutboxMetrics
{
    public OutboxMetrics(PortalMetrics metrics, IDbContextFactory<AppDbContext> dbFactory)
    {
        var pending = metrics.Cached(() =>
        {
            using var db = dbFactory.CreateDbContext();
            return db.OutboxEmails.Count(e => e.SentAt == null);
        });
        metrics.Meter.CreateObservableGauge("zlh_outbox_pending", () => pending.Get(), description: "Queued emails not yet sent.");
    }
}
