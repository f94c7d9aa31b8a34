using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Activity;

public sealed record ActivityPage(IReadOnlyList<ActivityRow> Rows, int TotalCount);
