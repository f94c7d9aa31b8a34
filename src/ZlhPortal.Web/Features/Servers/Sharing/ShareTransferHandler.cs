using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>A server that changes hands is no longer shared: the previous owner's friends were theirs, not the new owner's.</summary>
public sealed class ShareTransferHandler : IServerTransferHandler
{
    public Task OnTransferredAsync(AppDbContext db, int serverId, string previousOwnerId, string newOwnerId, CancellationToken ct) =>
        db.ServerShares.Where(s => s.ServerId == serverId).ExecuteDeleteAsync(ct);
}
