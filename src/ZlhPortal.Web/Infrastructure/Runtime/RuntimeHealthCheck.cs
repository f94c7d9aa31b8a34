using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>Whether the Proxmox API answers. Registered to report Degraded on failure, never Unhealthy:
/// the portal keeps serving pages and queueing work while the runtime is away.</summary>
public sealed class RuntimeHealthCheck(ProxmoxClient proxmox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var version = await proxmox.Version.GetAsync(timeout.Token);
            return version.IsSuccess
                ? HealthCheckResult.Healthy($"Proxmox VE {version.Data?.Version}")
                : new HealthCheckResult(context.Registration.FailureStatus, $"Proxmox API answered {version.StatusCode} {version.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Proxmox API did not answer within 5 s");
        }
    }
}
