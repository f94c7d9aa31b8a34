using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

public sealed record OrderResult(OrderOutcome Outcome, Order? Order, Invoice? Invoice, string? Problem, string? Field = null)
{
    public static OrderResult Invalid(string problem, string? field = null) => new(OrderOutcome.Invalid, null, null, problem, field);
}
