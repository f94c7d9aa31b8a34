using System.Security.Claims;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Who looks at tickets: a customer sees their own; staff (with two-factor authentication) see every ticket.</summary>
public sealed record TicketViewer(string UserId, bool IsStaff)
{
    public static TicketViewer? Of(ClaimsPrincipal user) => user.UserId() is { } id
        ? new(id, (user.IsInRole(Roles.Support) || user.IsInRole(Roles.Admin)) && user.HasClaim(Policies.TwoFactorClaim, "true"))
        : null;
}
