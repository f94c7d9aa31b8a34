using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Payments;

public sealed record PaymentRow(int Id, int InvoiceId, string? InvoiceNumber, string? CustomerEmail, string Gateway, string? GatewayReference, long AmountMinor,
    string Currency, PaymentStatus Status, string? FailureMessage, DateTimeOffset CreatedAt, string? CustomerId = null);
