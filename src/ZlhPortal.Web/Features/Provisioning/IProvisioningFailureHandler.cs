namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// Told when a server's provisioning failed for good and its resources were cleaned up (billing gives the money back).
/// Handlers must be idempotent: the billing run repeats the work for any failure a crash kept them from handling.
/// </summary>
public interface IProvisioningFailureHandler
{
    Task OnProvisioningFailedAsync(int serverId, string reason, CancellationToken ct);
}
