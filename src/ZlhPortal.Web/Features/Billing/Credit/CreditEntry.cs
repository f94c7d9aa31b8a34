namespace ZlhPortal.Web.Features.Billing.Credit;

/// <summary>One movement on a customer's account credit. Entries are only ever added; the balance is their sum.</summary>
public sealed class CreditEntry
{
    public long Id { get; set; }

    public string CustomerId { get; set; } = "";

    /// <summary>Positive adds credit, negative uses it.</summary>
    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public CreditEntryKind Kind { get; set; }

    public string Reason { get; set; } = "";

    public int? InvoiceId { get; set; }

    public int? OrderId { get; set; }

    /// <summary>The staff member who made an adjustment; null for the system.</summary>
    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
