using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>A bill. Issued invoices carry a gap-free number per year and never change; corrections are credit notes.</summary>
public sealed class Invoice
{
    public int Id { get; set; }

    /// <summary>e.g. <c>2026-000042</c>; null while a draft.</summary>
    public string? Number { get; set; }

    public int? NumberYear { get; set; }

    public int? NumberSequence { get; set; }

    public string CustomerId { get; set; } = "";

    public InvoiceKind Kind { get; set; }

    public InvoiceStatus Status { get; set; }

    public int? OrderId { get; set; }

    public int? SubscriptionId { get; set; }

    /// <summary>The invoice a credit note corrects.</summary>
    public int? CorrectsInvoiceId { get; set; }

    /// <summary>For a plan change: the plan the server moves to once paid.</summary>
    public int? TargetPlanId { get; set; }

    public string Currency { get; set; } = "EUR";

    /// <summary>The customer's billing country the tax was computed for.</summary>
    public string? Country { get; set; }

    public long SubtotalMinor { get; set; }

    public long TaxMinor { get; set; }

    public long TotalMinor { get; set; }

    /// <summary>Paid from account credit when the invoice was settled.</summary>
    public long CreditAppliedMinor { get; set; }

    public DateTimeOffset? PeriodStart { get; set; }

    public DateTimeOffset? PeriodEnd { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? VoidedAt { get; set; }

    public string? VoidReason { get; set; }

    /// <summary>Set while a payment is being taken, so two payments of one invoice never run at once.</summary>
    public DateTimeOffset? PaymentStartedAt { get; set; }

    /// <summary>Set when what the payment buys (a server, a renewal, an upgrade) has been put in place.</summary>
    public DateTimeOffset? FulfilledAt { get; set; }

    public int RemindersSent { get; set; }

    /// <summary>When the customer was emailed the issued invoice (the run sends what a crash left unsent).</summary>
    public DateTimeOffset? NotifiedAt { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];

    public long AmountDueMinor => Math.Max(0, TotalMinor - CreditAppliedMinor);

    /// <summary>Sets the lines and the totals from them, so the totals shown always add up the lines.</summary>
    public Invoice WithLines(IEnumerable<PricedLine> lines)
    {
        Lines = lines.Select((l, i) => new InvoiceLine
        {
            Position = i + 1, Description = l.Description.Length > 300 ? l.Description[..300] : l.Description, NetMinor = l.NetMinor,
            TaxRatePercent = l.TaxRatePercent, TaxMinor = l.TaxMinor,
        }).ToList();
        SubtotalMinor = Lines.Sum(l => l.NetMinor);
        TaxMinor = Lines.Sum(l => l.TaxMinor);
        TotalMinor = SubtotalMinor + TaxMinor;
        return this;
    }
}
