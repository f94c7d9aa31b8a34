using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>The reconciler's latest findings, for the admin page; stored in the database, shared by every instance.</summary>
public sealed class ReconcilerFindings(IDbContextFactory<AppDbContext> dbFactory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ReconcilerFinding>> CurrentAsync(CancellationToken ct = default) => (await ReadAsync(ct)).Findings;

    /// <summary>The findings of the last run and when it ran (null: never).</summary>
    public async Task<(IReadOnlyList<ReconcilerFinding> Findings, DateTimeOffset? LastRun)> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var report = await db.ReconcilerReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ReconcilerReport.SingleId, ct);
        return report is null ? ([], null) : (JsonSerializer.Deserialize<List<ReconcilerFinding>>(report.FindingsJson, Json) ?? [], report.RanAt);
    }

    public async Task ReplaceAsync(IReadOnlyList<ReconcilerFinding> findings, DateTimeOffset at, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(findings, Json);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ReconcilerReports.Where(r => r.Id == ReconcilerReport.SingleId)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.RanAt, at).SetProperty(x => x.FindingsJson, json), ct) == 1)
        {
            return;
        }

        db.ReconcilerReports.Add(new ReconcilerReport { RanAt = at, FindingsJson = json });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another instance wrote its first report at the same moment; both looked at the same cluster.
        }
    }
}
