namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>What to charge: an invoice's amount due, with the key that makes a retried charge the same charge.</summary>
public sealed record ChargeRequest(int InvoiceId, string CustomerId, long AmountMinor, string Currency, string? CardNumber, string IdempotencyKey);
