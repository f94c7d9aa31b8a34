using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>The calendar month (UTC) so far, in the installation's currency (minor units).</summary>
/// <param name="InvoicedMinor">Invoices issued this month (not void, credit notes apart), tax included.</param>
/// <param name="CollectedMinor">Money received this month: card, gateway and manual payments, not account credit.</param>
/// <param name="CreditNotesMinor">Credit notes issued this month; <paramref name="RefundedToCardMinor"/> is the part given back to cards.</param>
/// <param name="OpenMinor">Still owed on all open invoices, whenever issued; <paramref name="OverdueMinor"/> is the part past due.</param>
/// <param name="MonthlyRecurringMinor">List price (before coupons and tax) of the active subscriptions.</param>
public sealed record RevenueSummary(
    DateTimeOffset MonthStart, string Currency, long InvoicedMinor, long CollectedMinor, long CreditNotesMinor, long RefundedToCardMinor, long OpenMinor,
    long OverdueMinor, int ActiveSubscriptions, long MonthlyRecurringMinor);
