using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Subscriptions;

namespace ZlhPortal.Web.Features.Billing.Api;

public sealed record PlanChangeResponse(string From, string To, bool Upgrade, long Amount, long Net, long Tax, string Currency, int DaysLeft, DateTimeOffset PeriodEnd,
    string Message, InvoiceResponse? Invoice)
{
    public static PlanChangeResponse Of(PlanChangeResult result) => new(
        result.Quote!.From.Slug, result.Quote.To.Slug, result.Quote.IsUpgrade, result.Quote.AmountMinor, result.Quote.NetMinor, result.Quote.TaxMinor,
        result.Quote.Currency, result.Quote.DaysLeft, result.Quote.PeriodEnd, result.Message, result.Invoice is null ? null : InvoiceResponse.From(result.Invoice));
}
