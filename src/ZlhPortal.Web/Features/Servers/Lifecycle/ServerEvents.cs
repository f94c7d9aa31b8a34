using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Server changes, portal-wide (DESIGN.md §9): a change published on any instance raises <see cref="Changed"/> on every
/// instance, through <see cref="PortalEvents"/>. Pages subscribe and unsubscribe in Dispose; handlers must be quick and
/// must not throw.
/// </summary>
public sealed class ServerEvents(PortalEvents events, ILogger<ServerEvents> logger)
{
    /// <summary>The kind of portal event that carries a <see cref="ServerChanged"/>.</summary>
    public const string Kind = "servers.changed";

    public event Func<ServerChanged, Task>? Changed;

    public Task PublishAsync(ServerChanged change) => events.PublishAsync(change);

    /// <summary>Tells this instance's subscribers; the portal-wide events call it for a change published anywhere.</summary>
    internal async Task RaiseAsync(ServerChanged change)
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
