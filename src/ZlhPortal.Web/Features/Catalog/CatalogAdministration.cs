using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Catalog;

/// <summary>
/// Staff edits to the catalog. Plans are retired rather than deleted, and no edit reaches existing servers: they keep
/// the resources they were built with and their subscriptions keep the price they were sold at.
/// </summary>
public sealed partial class CatalogAdministration(IDbContextFactory<AppDbContext> dbFactory)
{
    private const long MaxPriceMinor = 1_000_000_00;

    public async Task<IReadOnlyList<Plan>> ListPlansAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Plans.AsNoTracking().OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Template>> ListTemplatesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Templates.AsNoTracking().OrderBy(t => t.DisplayOrder).ThenBy(t => t.Id).ToListAsync(ct);
    }

    /// <returns>Null when created, else what is wrong.</returns>
    public async Task<string?> CreatePlanAsync(PlanInput input, string currency, CancellationToken ct = default)
    {
        var slug = (input.Slug ?? "").Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(slug) || slug.Length > Plan.SlugMaxLength)
        {
            return $"Give a slug of lowercase letters, digits and dashes (at most {Plan.SlugMaxLength}), e.g. game-xl.";
        }

        if (Check(input) is { } problem)
        {
            return problem;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Plans.AnyAsync(p => p.Slug == slug, ct))
        {
            return $"A plan with the slug {slug} exists already.";
        }

        var last = await db.Plans.MaxAsync(p => (int?)p.DisplayOrder, ct) ?? 0;
        var plan = new Plan { Slug = slug, Kind = input.Kind, Currency = currency, DisplayOrder = last + 10 };
        Apply(plan, input);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> UpdatePlanAsync(int id, PlanInput input, CancellationToken ct = default)
    {
        if (Check(input) is { } problem)
        {
            return problem;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return "That plan no longer exists.";
        }

        Apply(plan, input);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Retires a plan (no longer sold) or puts it back on sale; servers on it are untouched either way.</summary>
    public async Task<bool> SetPlanActiveAsync(int id, bool active, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Active, active), ct) > 0;
    }

    /// <summary>Moves a plan one place up (-1) or down (+1) on the pricing page.</summary>
    public async Task MovePlanAsync(int id, int direction, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await db.Plans.OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id).ToListAsync(ct);
        var index = plans.FindIndex(p => p.Id == id);
        var target = index + Math.Sign(direction);
        if (index < 0 || target < 0 || target >= plans.Count)
        {
            return;
        }

        (plans[index], plans[target]) = (plans[target], plans[index]);
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].DisplayOrder = (i + 1) * 10;
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task<string?> UpdateTemplateAsync(int id, string? name, bool active, int displayOrder, CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > Plan.NameMaxLength || name.Any(char.IsControl))
        {
            return $"Give a name of 1 to {Plan.NameMaxLength} characters.";
        }

        if (displayOrder is < 0 or > 100_000)
        {
            return "The display order is a number from 0 to 100000.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Templates.Where(t => t.Id == id)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.Name, name).SetProperty(x => x.Active, active).SetProperty(x => x.DisplayOrder, displayOrder), ct);
        return updated == 0 ? "That template no longer exists." : null;
    }

    /// <summary>
    /// Sets the versions servers of a template may change to (comma- or space-separated, newest first) and the one new
    /// servers get, which must be among them. Servers keep the version they run.
    /// </summary>
    public async Task<string?> UpdateTemplateVersionsAsync(int id, string? defaultVersion, string? versions, CancellationToken ct = default)
    {
        var list = (versions ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        defaultVersion = (defaultVersion ?? "").Trim();
        if (list.Count is 0 or > 50 || list.Any(v => !VersionPattern().IsMatch(v)) || string.Join(',', list).Length > 1000)
        {
            return "List 1 to 50 versions, each of letters, digits, dots, dashes, plus signs or underscores.";
        }

        if (!list.Contains(defaultVersion))
        {
            return "The default version must be one of the versions listed.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.Templates.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return "That template no longer exists.";
        }

        template.Versions = list;
        template.DefaultVersion = defaultVersion;
        await db.SaveChangesAsync(ct);
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9A-Za-z._+-]{1,50}$")]
    private static partial System.Text.RegularExpressions.Regex VersionPattern();

    private static string? Check(PlanInput input)
    {
        var name = (input.Name ?? "").Trim();
        return name.Length is 0 or > Plan.NameMaxLength || name.Any(char.IsControl) ? $"Give a name of 1 to {Plan.NameMaxLength} characters."
            : (input.Description ?? "").Trim().Length > Plan.DescriptionMaxLength ? $"Keep the description to {Plan.DescriptionMaxLength} characters."
            : !Enum.IsDefined(input.Kind) ? "Choose game or dev."
            : input.Cores is < 1 or > 64 ? "Cores: 1 to 64."
            : input.MemoryMb is < 256 or > 262_144 ? "Memory: 256 MB to 256 GB."
            : input.DiskGb is < 1 or > 4096 ? "Disk: 1 to 4096 GB."
            : input.BackupSlots is < 0 or > 100 ? "Backup slots: 0 to 100."
            : input.MonthlyPriceMinor is < 0 or > MaxPriceMinor ? "Enter a monthly price of zero or more."
            : input.SetupFeeMinor is < 0 or > MaxPriceMinor ? "Enter a setup fee of zero or more."
            : null;
    }

    private static void Apply(Plan plan, PlanInput input)
    {
        plan.Name = input.Name!.Trim();
        plan.Description = (input.Description ?? "").Trim();
        plan.Cores = input.Cores;
        plan.MemoryMb = input.MemoryMb;
        plan.DiskGb = input.DiskGb;
        plan.BackupSlots = input.BackupSlots;
        plan.MonthlyPriceMinor = input.MonthlyPriceMinor;
        plan.SetupFeeMinor = input.SetupFeeMinor;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
