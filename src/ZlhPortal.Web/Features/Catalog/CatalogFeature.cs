using ZlhPortal.Web.Features.Catalog.Api;
namespace ZlhPortal.Web.Features.Catalog;

public static class CatalogFeature
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlanCatalog>();
        builder.Services.AddScoped<CatalogAdministration>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCatalogApi();
        return endpoints;
    }
}
