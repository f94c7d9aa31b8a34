using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing.Coupons;

/// <param name="Value">Percent (0–100], or a fixed amount in minor units.</param>
/// <param name="Periods">Months discounted, the first included; null = forever.</param>
/// <param name="PlanSlugs">Comma-separated plan slugs; empty = every plan.</param>
public sealed record CouponInput(
    string? Code, DiscountKind Kind, decimal Value, int? Periods, int? MaxUses, bool OncePerCustomer, DateTimeOffset? ExpiresAt, string? PlanSlugs);
