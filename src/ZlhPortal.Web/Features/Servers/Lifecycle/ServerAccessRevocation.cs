using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Ends what is held open on a server (consoles, IDE sessions) on every instance, through every
/// <see cref="IServerAccessRevoker"/> there: when it is suspended, deleted, reinstalled or moved to another account.
/// </summary>
public sealed class ServerAccessRevocation(PortalEvents events, IEnumerable<IServerAccessRevoker> revokers)
{
    /// <summary>The kind of portal event that carries a <see cref="ServerAccessRevoked"/>.</summary>
    public const string Kind = "servers.access-revoked";

    public const string Suspended = "The server has been suspended.";
    public const string Deleted = "The server is being deleted.";
    public const string Reinstalled = "The server is being reinstalled.";
    public const string Restored = "The server is being restored from a backup.";
    public const string Moved = "The server was moved to another account.";

    /// <param name="userId">Only this person's consoles and IDE (the owner stopped sharing the server with them); everyone's when null.</param>
    public Task RevokeAsync(int serverId, string reason, string? userId = null) => events.PublishAsync(new ServerAccessRevoked(serverId, reason, userId));

    /// <summary>Ends what this instance holds open on the server; the portal-wide events call it on every instance.</summary>
    internal async Task RevokeHereAsync(ServerAccessRevoked revoked)
    {
        foreach (var revoker in revokers)
        {
            await revoker.RevokeServerAccessAsync(revoked.ServerId, revoked.Reason, revoked.UserId);
        }
    }
}
