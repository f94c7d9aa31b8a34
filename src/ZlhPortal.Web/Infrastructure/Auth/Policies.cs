using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ZlhPortal.Web.Infrastructure.Auth;

/// <summary>Authorization policies, all registered here so the rules live in one place.</summary>
public static class Policies
{
    /// <summary>Any signed-in account.</summary>
    public const string Customer = "Customer";

    /// <summary>Support or Admin, with two-factor authentication enabled.</summary>
    public const string Support = "Support";

    /// <summary>Admin, with two-factor authentication enabled.</summary>
    public const string Admin = "Admin";

    /// <summary>Claim added at sign-in when the account has two-factor authentication enabled.</summary>
    public const string TwoFactorClaim = "zlh:2fa";

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Customer, p => p.RequireAuthenticatedUser())
        .AddPolicy(Support, p => p.RequireRole(Roles.Support, Roles.Admin).RequireClaim(TwoFactorClaim, "true"))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin).RequireClaim(TwoFactorClaim, "true"));

    /// <summary>Staff who have not set up two-factor authentication yet and must do so before anything else.</summary>
    public static bool NeedsTwoFactorSetup(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Support))
        && !user.HasClaim(TwoFactorClaim, "true");
}
