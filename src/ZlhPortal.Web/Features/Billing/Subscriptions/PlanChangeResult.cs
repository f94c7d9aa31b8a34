using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

public sealed record PlanChangeResult(bool Done, string Message, PlanChangeQuote? Quote = null, Invoice? Invoice = null, bool NotFound = false);
