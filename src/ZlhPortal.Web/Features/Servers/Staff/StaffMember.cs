using System.Security.Claims;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Servers.Staff;

/// <summary>A support member or admin acting on a customer's server; <see cref="Actor"/> is how the customer sees them.</summary>
public sealed record StaffMember(string UserId, string Email, string Role)
{
    /// <summary>"Support (sam@…)" or "Admin (ada@…)": the server's history and the customer's notices name staff so.</summary>
    public string Actor => $"{Role} ({Email})";

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>The signed-in staff member; null for anyone else. Callers check the staff policy (2FA) themselves.</summary>
    public static StaffMember? From(ClaimsPrincipal user) =>
        user.UserId() is not { } id || user.Identity?.Name is not { } email ? null
        : user.IsInRole(Roles.Admin) ? new StaffMember(id, email, Roles.Admin)
        : user.IsInRole(Roles.Support) ? new StaffMember(id, email, Roles.Support)
        : null;
}
