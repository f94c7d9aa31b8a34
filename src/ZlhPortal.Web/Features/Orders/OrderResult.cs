using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Orders;

public sealed record OrderResult(OrderOutcome Outcome, Order? Order, Invoice? Invoice, string? Problem, string? Field = null)
{
    public static OrderResult Invalid(string problem, string? field = null) => new(OrderOutcome.Invalid, null, null, problem, field);
}
