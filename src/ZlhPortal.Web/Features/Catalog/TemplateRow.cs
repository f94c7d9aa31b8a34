using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Catalog;

public sealed record TemplateRow(
    int Id, string Slug, string Name, ServerKind Kind, string Game, string Variant, string DefaultVersion, int MinMemoryMb, int MinDiskGb, bool Active, IReadOnlyList<int> AllowedPlanIds)
{
    /// <summary>As <see cref="Template.Fits"/>.</summary>
    public bool Fits(PlanRow plan) =>
        plan.Kind == Kind && plan.MemoryMb >= MinMemoryMb && plan.DiskGb >= MinDiskGb && (AllowedPlanIds.Count == 0 || AllowedPlanIds.Contains(plan.Id));
}
