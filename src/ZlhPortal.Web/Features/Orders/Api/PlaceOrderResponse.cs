using ZlhPortal.Web.Features.Billing.Api;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Orders.Api;

public sealed record PlaceOrderResponse(OrderResponse Order, InvoiceResponse Invoice);
