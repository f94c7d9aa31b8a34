using ZlhPortal.Web.Features.Admin.Activity;
using ZlhPortal.Web.Features.Admin.Customers;

namespace ZlhPortal.Web.Features.Admin;

/// <summary>The back office's own services and staff API; its pages sit under Pages/.</summary>
public static class AdminFeature
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CustomerOverview>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCustomersApi();
        endpoints.MapActivityApi();
        return endpoints;
    }
}
