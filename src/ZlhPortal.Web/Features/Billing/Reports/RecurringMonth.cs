namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>The subscription base at one month's end (for the current month: now).</summary>
/// <param name="Month">The calendar month (UTC), <c>yyyy-MM</c>.</param>
/// <param name="MonthlyRecurringMinor">List price (before coupons and tax) of the subscriptions running at the month's end.</param>
/// <param name="ActiveAtStart">Subscriptions running when the month began: what the churn rate divides by.</param>
/// <param name="New">Subscriptions started in the month.</param>
/// <param name="Churned">Subscriptions ended in the month.</param>
/// <param name="ChurnRatePercent">Churned ÷ active at the start, in percent with one decimal; 0 when none were active.</param>
public sealed record RecurringMonth(string Month, long MonthlyRecurringMinor, int Active, int ActiveAtStart, int New, int Churned, decimal ChurnRatePercent);
