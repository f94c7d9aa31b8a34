using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

public sealed record OrderRequest(string? Plan, string? Template, string? Name, string? Coupon);
