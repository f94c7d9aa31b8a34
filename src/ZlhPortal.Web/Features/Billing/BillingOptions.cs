using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>Money and time rules of billing. Defaults follow Paymenter/WHMCS: invoice 7 days ahead, suspend 2 days overdue, terminate after 14.</summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>The one currency of this installation (ISO 4217).</summary>
    [Required, RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "EUR";

    /// <summary>Billing country assumed for customers who have not set one (ISO 3166 alpha-2).</summary>
    [Required, RegularExpression("^[A-Z]{2}$")]
    public string DefaultCountry { get; set; } = "DE";

    /// <summary>How long capacity is held for an unpaid new order before the order is cancelled.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan OrderPaymentWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Renewal invoices are issued this many days before the paid-up period ends.</summary>
    [Range(0, 60)]
    public int InvoiceDaysBeforeDue { get; set; } = 7;

    /// <summary>Reminders for an unpaid invoice, in days after its due date (0 = on the due date).</summary>
    public int[] ReminderDaysAfterDue { get; set; } = [0, 1];

    /// <summary>An unpaid renewal suspends the server this many days after its due date.</summary>
    [Range(0, 90)]
    public int SuspendDaysAfterDue { get; set; } = 2;

    /// <summary>An unpaid renewal deletes the server this many days after its due date.</summary>
    [Range(1, 365)]
    public int TerminateDaysAfterDue { get; set; } = 14;

    /// <summary>What happens to the money when provisioning of a paid order fails for good.</summary>
    public FailedProvisioningRefund FailedProvisioningRefund { get; set; } = FailedProvisioningRefund.Credit;

    /// <summary>How often the billing run (renewals, reminders, suspensions, expiries) runs, as a cron expression.</summary>
    [Required]
    public string RunSchedule { get; set; } = "*/5 * * * *";

    /// <summary>Subscriptions handled per database round in the billing run (keeps memory flat on large installations).</summary>
    [Range(10, 10_000)]
    public int RunBatchSize { get; set; } = 500;

    /// <summary>
    /// The payment gateway: <c>Stripe</c>, or <c>Test</c> (built-in test cards; no real money moves). Unset means
    /// <c>Test</c> in Development only; elsewhere the portal refuses to start until it is set, so a production
    /// installation never takes "payments" from the test gateway by accident.
    /// </summary>
    public PaymentGatewayKind? Gateway { get; set; }

    /// <summary>True when payments go to the built-in test gateway: pages and invoices say so.</summary>
    public bool IsTestInstallation => Gateway == PaymentGatewayKind.Test;

    /// <summary>Seller details printed on invoices.</summary>
    [Required, StringLength(300)]
    public string SellerName { get; set; } = "ZeroLagHub";

    [StringLength(500)]
    public string SellerAddress { get; set; } = "";

    [StringLength(50)]
    public string SellerVatId { get; set; } = "";

    public StripeOptions Stripe { get; set; } = new();
}
