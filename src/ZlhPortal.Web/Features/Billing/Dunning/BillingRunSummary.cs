using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Billing.Dunning;

/// <summary>What one billing run did (for logs, tests and the benchmark).</summary>
public sealed record BillingRunSummary(
    int OrdersExpired, int InvoicesIssued, int PaidFromCredit, int EmailsSent, int Reminders, int Suspended, int Terminated, int Fulfilled, int Refunded, int Ended)
{
    public int Changes => OrdersExpired + InvoicesIssued + PaidFromCredit + EmailsSent + Reminders + Suspended + Terminated + Fulfilled + Refunded + Ended;
}
