namespace ZlhPortal.Web.Features.Admin.Pages;

/// <summary>What <see cref="BillingActionDialog"/> collected; the amount is in minor units.</summary>
public sealed record BillingActionInput(string Reason, long AmountMinor, string? Email);
