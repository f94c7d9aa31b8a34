using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Credit;

public sealed record CreditPage(long BalanceMinor, string Currency, IReadOnlyList<CreditEntry> Entries, int TotalCount);
