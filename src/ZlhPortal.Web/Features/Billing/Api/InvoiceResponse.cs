using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <summary>An invoice as the API shows it; amounts in minor units (cents) of <c>currency</c>.</summary>
public sealed record InvoiceResponse(
    int Id, string? Number, string Kind, string Status, string Currency, string? Country, long Subtotal, long Tax, long Total, long CreditApplied, long AmountDue,
    DateTimeOffset? IssuedAt, DateTimeOffset DueAt, DateTimeOffset? PaidAt, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, int? OrderId, int? ServerId,
    IReadOnlyList<InvoiceLineResponse> Lines)
{
    public static InvoiceResponse From(Invoice i, int? serverId = null) => new(
        i.Id, i.Number, i.Kind.ToString(), i.Status.ToString(), i.Currency, i.Country, i.SubtotalMinor, i.TaxMinor, i.TotalMinor, i.CreditAppliedMinor,
        i.Status is InvoiceStatus.Paid or InvoiceStatus.Void ? 0 : i.AmountDueMinor, i.IssuedAt, i.DueAt, i.PaidAt, i.PeriodStart, i.PeriodEnd, i.OrderId, serverId,
        i.Lines.OrderBy(l => l.Position).Select(l => new InvoiceLineResponse(l.Description, l.NetMinor, l.TaxRatePercent, l.TaxMinor, l.NetMinor + l.TaxMinor)).ToList());
}
