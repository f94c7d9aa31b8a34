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

    /// <summary>
    /// What is wrong with a new template apart from the cluster (the caller checks the container there): its fields, a
    /// slug or VMID already in the catalog, plans that do not exist or are of the other kind. Null when nothing is.
    /// </summary>
    public async Task<string?> CheckTemplateAsync(TemplateInput input, CancellationToken ct = default)
    {
        if (CheckTemplate(input) is { } problem)
        {
            return problem;
        }

        var slug = input.Slug!.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Templates.AnyAsync(t => t.Slug == slug, ct))
        {
            return $"A template with the slug {slug} exists already.";
        }

        if (await db.Templates.Where(t => t.ProxmoxVmid == input.ProxmoxVmid).Select(t => t.Slug).FirstOrDefaultAsync(ct) is { } other)
        {
            return $"VMID {input.ProxmoxVmid} is already the template {other}.";
        }

        var ids = (input.AllowedPlanIds ?? []).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        if (plans.Count != ids.Count)
        {
            return "One of the chosen plans no longer exists.";
        }

        if (plans.FirstOrDefault(p => p.Kind != input.Kind) is { } wrongKind)
        {
            return $"{wrongKind.Name} is a {wrongKind.Kind.ToString().ToLowerInvariant()} plan; choose plans of the template's kind.";
        }

        if (plans.FirstOrDefault(p => p.MemoryMb < input.MinMemoryMb || p.DiskGb < input.MinDiskGb) is { } small)
        {
            return $"{small.Name} is smaller than the template needs ({input.MinMemoryMb} MB, {input.MinDiskGb} GB).";
        }

        return null;
    }

    /// <summary>Saves a new template after <see cref="CheckTemplateAsync"/> (and the cluster) found nothing wrong; null when saved, else what is wrong.</summary>
    public async Task<(Template? Template, string? Problem)> CreateTemplateAsync(TemplateInput input, CancellationToken ct = default)
    {
        if (await CheckTemplateAsync(input, ct) is { } problem)
        {
            return (null, problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var last = await db.Templates.MaxAsync(t => (int?)t.DisplayOrder, ct) ?? 0;
        var template = new Template
        {
            Slug = input.Slug!.Trim().ToLowerInvariant(),
            Name = input.Name!.Trim(),
            Kind = input.Kind,
            ProxmoxVmid = input.ProxmoxVmid,
            ProxmoxNode = input.ProxmoxNode!.Trim(),
            Game = input.Game!.Trim().ToLowerInvariant(),
            Variant = (input.Variant ?? "").Trim().ToLowerInvariant(),
            DefaultVersion = input.DefaultVersion!.Trim(),
            Versions = VersionList(input.Versions),
            GamePort = input.Kind == ServerKind.Game ? input.GamePort : 0,
            Protocol = (input.Protocol ?? "tcp").Trim().ToLowerInvariant(),
            MinMemoryMb = input.MinMemoryMb,
            MinDiskGb = input.MinDiskGb,
            AllowedPlanIds = (input.AllowedPlanIds ?? []).Distinct().Order().ToList(),
            DisplayOrder = last + 1,
        };
        db.Templates.Add(template);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin added the same slug in the same instant: the unique index refused this one.
            if (await SlugTakenAsync(template.Slug, ct))
            {
                return (null, $"A template with the slug {template.Slug} exists already.");
            }

            throw;
        }

        return (template, null);
    }

    private async Task<bool> SlugTakenAsync(string slug, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Templates.AnyAsync(t => t.Slug == slug, ct);
    }

    /// <summary>The field checks of a new template, without the database.</summary>
    public static string? CheckTemplate(TemplateInput input)
    {
        var slug = (input.Slug ?? "").Trim().ToLowerInvariant();
        var name = (input.Name ?? "").Trim();
        var versions = VersionList(input.Versions);
        var defaultVersion = (input.DefaultVersion ?? "").Trim();
        return !SlugPattern().IsMatch(slug) || slug.Length > Template.SlugMaxLength
                ? $"Give a slug of lowercase letters, digits and dashes (at most {Template.SlugMaxLength}), e.g. minecraft-forge."
            : name.Length is 0 or > Plan.NameMaxLength || name.Any(char.IsControl) ? $"Give a name of 1 to {Plan.NameMaxLength} characters."
            : !Enum.IsDefined(input.Kind) ? "Choose game or dev."
            : !NodePattern().IsMatch((input.ProxmoxNode ?? "").Trim()) ? "Give the Proxmox node that holds the template, e.g. pve1."
            : !GamePattern().IsMatch((input.Game ?? "").Trim().ToLowerInvariant())
                ? input.Kind == ServerKind.Game ? "Give the game the agent runs, e.g. minecraft." : "Give the runtime the agent sets up, e.g. node."
            : !string.IsNullOrWhiteSpace(input.Variant) && !GamePattern().IsMatch(input.Variant.Trim().ToLowerInvariant())
                ? "The variant is letters, digits and dashes, e.g. paper."
            : versions.Count is 0 or > 50 || versions.Any(v => !VersionPattern().IsMatch(v)) || string.Join(',', versions).Length > 1000
                ? "List 1 to 50 versions, each of letters, digits, dots, dashes, plus signs or underscores."
            : !versions.Contains(defaultVersion) ? "The default version must be one of the versions listed."
            : input.Kind == ServerKind.Game && input.GamePort is < 1 or > 65535 ? "Give the game's port (1 to 65535)."
            : (input.Protocol ?? "tcp").Trim().ToLowerInvariant() is not ("tcp" or "udp") ? "The protocol is tcp or udp."
            : input.MinMemoryMb is < 128 or > 262_144 ? "Minimum memory: 128 MB to 256 GB."
            : input.MinDiskGb is < 1 or > 4096 ? "Minimum disk: 1 to 4096 GB."
            : (input.AllowedPlanIds?.Count ?? 0) > 100 ? "Choose at most 100 plans."
            : null;
    }

    private static List<string> VersionList(string? versions) =>
        (versions ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,62})$")]
    private static partial Regex NodePattern();

    [GeneratedRegex("^(?=.{1,50}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex GamePattern();

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
