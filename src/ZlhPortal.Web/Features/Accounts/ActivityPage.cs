using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts;

public sealed record ActivityPage(IReadOnlyList<ActivityRow> Rows, int TotalCount);
