namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Told when a server's setup failed for good and what it had created was cleaned up (the order behind it gives the
/// money back). Handlers must be idempotent: the billing run repeats the work for any failure a crash kept them from
/// handling.
/// </summary>
public interface IServerSetupFailureHandler
{
    Task OnSetupFailedAsync(int serverId, string reason, CancellationToken ct);
}
