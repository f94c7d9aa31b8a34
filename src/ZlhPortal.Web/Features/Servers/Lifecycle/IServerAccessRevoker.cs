namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Told when whoever holds a live connection to a server (a console, an IDE) may no longer be entitled to it: the server
/// is suspended, deleted, reinstalled or moved to another account. Consoles closes them at once. Called on every instance
/// (through <see cref="ServerAccessRevocation"/>), so an implementation ends only what this instance holds.
/// </summary>
public interface IServerAccessRevoker
{
    /// <param name="userId">Only this person's connections to the server; everyone's when null.</param>
    Task RevokeServerAccessAsync(int serverId, string reason, string? userId = null);
}
