using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Billing.Payments;

public sealed record PayResult(PayOutcome Outcome, string Message, int? ServerId = null, string? RedirectUrl = null)
{
    public bool Succeeded => Outcome is PayOutcome.Paid or PayOutcome.AlreadyPaid;
}
