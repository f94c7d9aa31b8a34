using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Features.Servers;

/// <summary><c>zlh_servers</c>: servers by status, every status present (0 when none), from one grouped count.</summary>
public sealed class ServerMetrics
{
    public ServerMetrics(PortalMetrics metrics, IDbContextFactory<AppDbContext> dbFactory)
    {
        var byStatus = metrics.Cached(() =>
        {
            using var db = dbFactory.CreateDbContext();
            var counts = db.Servers.GroupBy(s => s.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionary(c => c.Status, c => c.Count);
            return Enum.GetValues<ServerStatus>()
                .Select(status => new Measurement<int>(counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status.ToString())))
                .ToList();
        });
        metrics.Meter.CreateObservableGauge("zlh_servers", () => byStatus.Get(), description: "Servers by status.");
    }
}
