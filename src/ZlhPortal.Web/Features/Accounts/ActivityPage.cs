using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts;

public sealed record ActivityPage(IReadOnlyList<ActivityRow> Rows, int TotalCount);
