namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Portal-wide server events (the seam of DESIGN.md §9): in-process for a single instance. Pages subscribe and
/// unsubscribe in Dispose; handlers must be quick and must not throw.
/// </summary>
public sealed class ServerEvents(ILogger<ServerEvents> logger)
{
    public event Func<ServerChanged, Task>? Changed;

    public async Task PublishAsync(ServerChanged change)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Func<ServerChanged, Task>>() ?? [])
        {
            try
            {
                await handler(change);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A server change handler failed for server {ServerId}", change.ServerId);
            }
        }
    }
}
