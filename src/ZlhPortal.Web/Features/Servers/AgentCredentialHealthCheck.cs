using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>
/// Whether data protection can still read the agent credentials: a fresh probe round-trips, and the newest stored
/// credential decrypts. A lost or replaced key ring passes the first and fails the second; without it the portal could
/// no longer reach any agent, so the instance is not ready.
/// </summary>
public sealed class AgentCredentialHealthCheck(AgentCredentials credentials, IDbContextFactory<AppDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            credentials.Reveal(credentials.NewProtected());
        }
        catch (CryptographicException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Data protection cannot decrypt what it just encrypted", e);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Servers.AsNoTracking()
            .Where(s => s.AgentCredentialProtected != "" && s.Status != ServerStatus.Deleted)
            .OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, s.AgentCredentialProtected })
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return HealthCheckResult.Healthy("No stored agent credential yet; the probe decrypts");
        }

        try
        {
            credentials.Reveal(stored.AgentCredentialProtected);
            return HealthCheckResult.Healthy("Stored agent credentials decrypt");
        }
        catch (CryptographicException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The agent credential of server {stored.Id} cannot be decrypted: the data-protection key ring was lost or replaced", e);
        }
    }
}
