using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>What a staff action did, or why it was refused; <see cref="InvoiceId"/> is the credit note a correction issued.</summary>
public sealed record AdminResult(bool Succeeded, string Message, int? InvoiceId = null, AdminRefusal Refusal = AdminRefusal.None)
{
    public static AdminResult Refused(string message) => new(false, message, Refusal: AdminRefusal.Conflict);

    public static AdminResult Invalid(string message) => new(false, message, Refusal: AdminRefusal.Invalid);

    public static AdminResult NotFound(int invoiceId) => new(false, $"There is no invoice #{invoiceId}.", Refusal: AdminRefusal.NotFound);
}
