using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Payments;

public sealed record PaymentFilter(PaymentStatus? Status, string? Customer);
