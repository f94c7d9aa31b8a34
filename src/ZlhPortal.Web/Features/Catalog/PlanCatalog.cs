using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Catalog;

/// <summary>Reads the catalog: plans and templates, and which fit together.</summary>
public sealed class PlanCatalog(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PlanRow>> GetPlansAsync(bool includeRetired = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Plans.AsNoTracking().Where(p => includeRetired || p.Active).OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id)
            .Select(p => new PlanRow(p.Id, p.Slug, p.Name, p.Kind, p.Cores, p.MemoryMb, p.DiskGb, p.BackupSlots, p.MonthlyPriceMinor, p.Currency, p.Active))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TemplateRow>> GetTemplatesAsync(bool includeRetired = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().Where(t => includeRetired || t.Active).OrderBy(t => t.DisplayOrder).ThenBy(t => t.Id)
            .Select(t => new TemplateRow(t.Id, t.Slug, t.Name, t.Kind, t.Game, t.Variant, t.DefaultVersion, t.MinMemoryMb, t.MinDiskGb, t.Active, t.AllowedPlanIds))
            .ToListAsync(ct);
    }

    public async Task<Plan?> FindPlanAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, ct);
    }

    public async Task<Template?> FindTemplateAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, ct);
    }

    public async Task<Plan?> GetPlanAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    public async Task<Template?> GetTemplateAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
    }

    /// <summary>The plans and templates on sale, in display order (what the pricing and order pages offer).</summary>
    public async Task<(List<Plan> Plans, List<Template> Templates)> OnSaleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await db.Plans.AsNoTracking().Where(p => p.Active).OrderBy(p => p.DisplayOrder).ToListAsync(ct);
        var templates = await db.Templates.AsNoTracking().Where(t => t.Active).OrderBy(t => t.DisplayOrder).ToListAsync(ct);
        return (plans, templates);
    }
}
