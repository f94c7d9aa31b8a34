using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

public sealed record PlanChangeResult(bool Done, string Message, PlanChangeQuote? Quote = null, Invoice? Invoice = null, bool NotFound = false);
