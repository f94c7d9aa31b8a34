using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>An account that owns servers cannot be deleted; one with the records of deleted servers is closed by support.</summary>
public sealed class ServerClosureCheck(IDbContextFactory<AppDbContext> dbFactory) : IAccountClosureCheck
{
    public async Task<string?> WhyNotClosableAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var servers = await db.Servers.CountAsync(s => s.OwnerId == userId && s.Status != ServerStatus.Deleted, ct);
        if (servers > 0)
        {
            return $"You still have {servers} server(s). Delete them first; an account that owns billable servers cannot be closed.";
        }

        return await db.Servers.AnyAsync(s => s.OwnerId == userId, ct) ? AccountClosure.RecordsKept : null;
    }
}
