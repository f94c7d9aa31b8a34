using Microsoft.Extensions.Logging;

namespace ZlhPortal.IntegrationTests.Infrastructure.Diagnostics;

/// <summary>A job that only logs, run by the portal's real Hangfire server to see which scope its entries carry.</summary>
public sealed class LogProbeJob(ILogger<LogProbeJob> logger)
{
    public Task RunAsync(string marker, CancellationToken ct)
    {
        logger.LogInformation("Probe {Marker} ran", marker);
        return Task.CompletedTask;
    }
}
