namespace ZlhPortal.Web.Features.Billing.Credit;

/// <summary>A refund for a server that could not be set up, begun in the caller's transaction and completed after it.</summary>
public sealed record SetupRefund(
    int OrderId, int ServerId, string CustomerId, string ServerName, string Reason, int InvoiceId, long TotalMinor, string Currency,
    int? CardPaymentId, string? CardReference, long CardAmountMinor);
