using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Provisioning.Templates;

/// <summary>The body of <c>POST /api/v1/admin/templates</c>.</summary>
public sealed record TemplateRequest(
    string? Slug, string? Name, string? Kind, int? Vmid, string? Node, string? Game, string? Variant, string? DefaultVersion, IReadOnlyList<string>? Versions,
    int? GamePort, string? Protocol, int? MinMemoryMb, int? MinDiskGb, IReadOnlyList<int>? Plans);
