
namespace ZlhPortal.Web.Features.Catalog.Api;

public sealed record TemplateResponse(string Slug, string Name, string Kind, string Game, string Variant, string DefaultVersion, IReadOnlyList<string> Plans);
