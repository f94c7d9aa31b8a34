using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Billing.Credit;

public sealed record CreditPage(long BalanceMinor, string Currency, IReadOnlyList<CreditEntry> Entries, int TotalCount);
