using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Administration;

public sealed record AccountCounts(int Customers, int Support, int Admins, int Unconfirmed, int SignUpsLast7Days, int FailedLoginsLast24Hours);
