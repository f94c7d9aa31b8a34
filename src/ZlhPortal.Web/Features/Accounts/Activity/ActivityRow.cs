using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Activity;

public sealed record ActivityRow(long Id, DateTimeOffset At, AccountActivityKind Kind, string Detail, string? IpAddress, string? UserId, string? UserEmail);
