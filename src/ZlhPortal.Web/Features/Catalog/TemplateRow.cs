using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Catalog;

public sealed record TemplateRow(int Id, string Slug, string Name, ServerKind Kind, string Game, string Variant, string DefaultVersion, int MinMemoryMb, int MinDiskGb, bool Active);
