using Hangfire;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Settings;

/// <summary>
/// Changes the version of a server's game or runtime to another its template offers: claims the server's operation slot
/// and hands the work to <see cref="ChangeServerVersionJob"/> (safety backup, stop, install in place, running again).
/// </summary>
public sealed class ServerVersions(
    IDbContextFactory<AppDbContext> dbFactory, ServerLifecycle lifecycle, IBackgroundJobClient jobs, ILogger<ServerVersions> logger)
{
    public async Task<ServerRequestResult> ChangeAsync(ServerGrant grant, string? version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from s in db.Servers.AsNoTracking()
            join t in db.Templates on s.TemplateId equals t.Id
            where s.Id == grant.ServerId && s.OwnerId == grant.OwnerId && s.Status != ServerStatus.Deleted
            select new { s.GameVersion, t.Name, t.DefaultVersion, t.Versions })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return ServerRequestResult.NotFound(grant.ServerId);
        }

        var offered = new ZlhPortal.Web.Features.Catalog.Template { DefaultVersion = row.DefaultVersion, Versions = row.Versions }.OfferedVersions;
        version = version?.Trim();
        if (string.IsNullOrEmpty(version) || !offered.Contains(version))
        {
            return ServerRequestResult.Invalid($"{row.Name} is offered in versions {string.Join(", ", offered)}; \"{Shorten(version)}\" is not one of them.");
        }

        var current = row.GameVersion ?? row.DefaultVersion;
        if (version == current)
        {
            return ServerRequestResult.Invalid($"The server already runs version {current}.");
        }

        var claim = await lifecycle.ClaimStepsAsync(grant.ServerId, grant.OwnerId, ServerOperation.ChangeVersion, ServerSteps.ChangeVersion, ct,
            withClaim: (claimed, c) => claimed.Servers.Where(s => s.Id == grant.ServerId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RequestedGameVersion, version), c),
            history: (HistoryKind.Version, $"Version change from {current} to {version} requested; a safety backup is taken first.", grant.Actor));
        if (!claim.Accepted)
        {
            return claim;
        }

        jobs.Enqueue<ChangeServerVersionJob>(job => job.RunAsync(grant.ServerId, CancellationToken.None));
        logger.LogInformation("Version change of server {ServerId} from {From} to {To} requested", grant.ServerId, current, version);
        return new ServerRequestResult(ServerRequestOutcome.Accepted,
            $"Changing to version {version}. A safety backup is taken first; your world is kept.", grant.ServerId);
    }

    private static string Shorten(string? text) => text is { Length: > 30 } ? text[..30] + "…" : text ?? "";
}
