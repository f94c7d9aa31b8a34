namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>One attempt to take money for an invoice through a gateway (failed attempts are kept for support).</summary>
public sealed class Payment
{
    public int Id { get; set; }

    public int InvoiceId { get; set; }

    public string CustomerId { get; set; } = "";

    /// <summary><c>test</c>, <c>stripe</c>, <c>manual</c>.</summary>
    public string Gateway { get; set; } = "";

    /// <summary>The gateway's id of the charge; unique per gateway, so a duplicated webhook never records twice.</summary>
    public string? GatewayReference { get; set; }

    /// <summary>The client's <c>Idempotency-Key</c>: a retried request answers with the first attempt's result.</summary>
    public string? IdempotencyKey { get; set; }

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public PaymentStatus Status { get; set; }

    public string? FailureMessage { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
