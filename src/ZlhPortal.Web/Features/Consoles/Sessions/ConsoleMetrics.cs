using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary><c>zlh_consoles_open</c>: consoles open on this instance (held in memory, so no cache is needed).</summary>
public sealed class ConsoleMetrics
{
    public ConsoleMetrics(PortalMetrics metrics, ConsoleSessions sessions) =>
        metrics.Meter.CreateObservableGauge("zlh_consoles_open", () => sessions.CountOpen(), description: "Consoles open on this instance.");
}
