namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// A part other than staff that may keep a server suspended (billing, for unpaid invoices). Asked when staff lift their
/// own suspension: the server comes back only when no hold remains.
/// </summary>
public interface IServerSuspensionHold
{
    /// <returns>Null when this part does not keep the server suspended; otherwise why, in words the customer understands.</returns>
    Task<string?> WhyHeldAsync(int serverId, CancellationToken ct);
}
