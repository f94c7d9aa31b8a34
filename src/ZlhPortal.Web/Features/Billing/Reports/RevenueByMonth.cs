namespace ZlhPortal.Web.Features.Billing.Reports;

/// <summary>Revenue month by month over a range, oldest first.</summary>
public sealed record RevenueByMonth(string From, string To, string Currency, IReadOnlyList<RevenueMonth> Months);
