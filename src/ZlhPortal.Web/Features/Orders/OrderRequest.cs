using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Orders;

public sealed record OrderRequest(string? Plan, string? Template, string? Name, string? Coupon);
