using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Orders;

public static class OrdersFeature
{
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Checkout>();
        builder.Services.AddScoped<OrderDirectory>();
        builder.Services.AddScoped<OrderRefunds>();
        builder.Services.AddScoped<IServerSetupFailureHandler>(services => services.GetRequiredService<OrderRefunds>());
        builder.Services.AddScoped<IOrderInvoiceHandler, OrderFulfilment>();
        builder.Services.AddScoped<IAccountClosureCheck, OrderClosureCheck>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrdersApi();
        return endpoints;
    }
}
