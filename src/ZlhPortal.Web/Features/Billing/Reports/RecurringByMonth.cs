namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>Monthly recurring revenue and churn month by month over a range, oldest first.</summary>
public sealed record RecurringByMonth(string From, string To, string Currency, IReadOnlyList<RecurringMonth> Months);
