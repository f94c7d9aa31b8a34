namespace ZlhPortal.Web.Features.Catalog;

public static class CatalogFeature
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlanCatalog>();
        builder.Services.AddScoped<CatalogAdministration>();
        return builder;
    }
}
