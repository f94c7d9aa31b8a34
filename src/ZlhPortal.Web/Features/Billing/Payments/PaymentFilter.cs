using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Payments;

public sealed record PaymentFilter(PaymentStatus? Status, string? Customer);
