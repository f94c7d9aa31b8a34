using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Api;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Orders.Api;

/// <summary><c>/api/v1/orders</c>: place an order (its first invoice is paid through <c>/api/v1/invoices/{id}/pay</c>) and list them.</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapApiGroup("/orders").WithTags("Orders").RequireAuthorization(Policies.ApiCustomer);
        orders.MapPost("/", async Task<Results<Created<PlaceOrderResponse>, ProblemHttpResult>> (
            OrderRequest request, ClaimsPrincipal user, Checkout checkout, OrderDirectory directory, CancellationToken ct) =>
        {
            var result = await checkout.PlaceAsync((user.UserId() ?? ""), request, ct);
            return result.Outcome switch
            {
                OrderOutcome.Placed => TypedResults.Created($"/api/v1/invoices/{result.Invoice!.Id}", new PlaceOrderResponse(
                    OrderResponse.From((await directory.FindAsync(result.Order!.Id, ct))!), InvoiceResponse.From(result.Invoice))),
                OrderOutcome.NoCapacity => TypedResults.Problem(statusCode: 409, title: "No capacity", detail: result.Problem),
                _ => TypedResults.Problem(statusCode: 400, title: "Invalid order", detail: result.Problem,
                    extensions: result.Field is null ? null : new Dictionary<string, object?> { ["field"] = result.Field }),
            };
        });

        orders.MapGet("/", async (ClaimsPrincipal user, OrderDirectory directory, CancellationToken ct) =>
            TypedResults.Ok((await directory.ListForCustomerAsync((user.UserId() ?? ""), ct)).Select(OrderResponse.From)));
        return endpoints;
    }
}
