using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Told inside the transaction that moves a server to another account, so what follows the server (its subscription)
/// moves with it or not at all.
/// </summary>
public interface IServerTransferHandler
{
    Task OnTransferredAsync(AppDbContext db, int serverId, string previousOwnerId, string newOwnerId, CancellationToken ct);
}
