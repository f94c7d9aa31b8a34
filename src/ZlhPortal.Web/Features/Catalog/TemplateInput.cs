namespace ZlhPortal.Web.Features.Catalog;

/// <summary>A new template as staff enter it (admin page or API); checked by <see cref="CatalogAdministration.CheckTemplate"/>.</summary>
/// <param name="Versions">Comma- or space-separated, newest first; the default must be among them.</param>
/// <param name="AllowedPlanIds">The only plans it is sold on; empty: every plan of its kind that is big enough.</param>
public sealed record TemplateInput(
    string? Slug, string? Name, ServerKind Kind, int ProxmoxVmid, string? ProxmoxNode, string? Game, string? Variant, string? DefaultVersion, string? Versions,
    int GamePort, string? Protocol, int MinMemoryMb, int MinDiskGb, IReadOnlyList<int>? AllowedPlanIds);
