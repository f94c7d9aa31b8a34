using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Accounts;

public sealed record AccountCounts(int Customers, int Support, int Admins, int Unconfirmed, int SignUpsLast7Days, int FailedLoginsLast24Hours);
