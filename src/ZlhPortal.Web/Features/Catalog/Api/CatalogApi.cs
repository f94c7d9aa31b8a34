using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Catalog.Api;

/// <summary><c>/api/v1/catalog</c>: what can be ordered. Public, no token needed.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var catalog = endpoints.MapApiGroup("/catalog").WithTags("Catalog");

        catalog.MapGet("/plans", async (PlanCatalog plans, CancellationToken ct) =>
            TypedResults.Ok((await plans.GetPlansAsync(ct: ct)).Select(p =>
                new PlanResponse(p.Slug, p.Name, p.Kind.ToString(), p.Cores, p.MemoryMb, p.DiskGb, p.BackupSlots, p.MonthlyPriceMinor, p.Currency))));

        catalog.MapGet("/templates", async (PlanCatalog catalog, CancellationToken ct) =>
        {
            var plans = await catalog.GetPlansAsync(ct: ct);
            var templates = await catalog.GetTemplatesAsync(ct: ct);
            return TypedResults.Ok(templates.Select(t => new TemplateResponse(t.Slug, t.Name, t.Kind.ToString(), t.Game, t.Variant, t.DefaultVersion,
                plans.Where(t.Fits).Select(p => p.Slug).ToList())));
        });
        catalog.MapGet("/templates/{slug}/versions", async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> (string slug, PlanCatalog catalog, CancellationToken ct) =>
            await catalog.FindTemplateAsync(slug, ct) is { } template
                ? TypedResults.Ok(template.OfferedVersions)
                : TypedResults.Problem(statusCode: 404, title: "Template not found", detail: $"There is no template \"{slug}\"."));
        return endpoints;
    }
}
