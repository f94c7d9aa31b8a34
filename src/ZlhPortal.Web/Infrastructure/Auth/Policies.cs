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

    /// <summary>An API call with a personal token, by any account.</summary>
    public const string ApiCustomer = "ApiCustomer";

    /// <summary>An API call with a personal token of an admin (who has two-factor authentication).</summary>
    public const string ApiAdmin = "ApiAdmin";

    /// <summary>An API call with a personal token of support staff or an admin (who have two-factor authentication).</summary>
    public const string ApiSupport = "ApiSupport";

    /// <summary>Authentication scheme of personal API tokens (<c>Authorization: Bearer zlh_…</c>).</summary>
    public const string ApiTokenScheme = "ApiToken";

    /// <summary>Claim of an API call's principal naming the token it was made with.</summary>
    public const string ApiTokenIdClaim = "zlh:token";

    /// <summary>Claim added at sign-in when the account has two-factor authentication enabled.</summary>
    public const string TwoFactorClaim = "zlh:2fa";

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Customer, p => p.RequireAuthenticatedUser())
        .AddPolicy(Support, p => p.RequireRole(Roles.Support, Roles.Admin).RequireClaim(TwoFactorClaim, "true"))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin).RequireClaim(TwoFactorClaim, "true"))
        .AddPolicy(ApiCustomer, p => p.AddAuthenticationSchemes(ApiTokenScheme).RequireAuthenticatedUser())
        .AddPolicy(ApiAdmin, p => p.AddAuthenticationSchemes(ApiTokenScheme).RequireRole(Roles.Admin).RequireClaim(TwoFactorClaim, "true"))
        .AddPolicy(ApiSupport, p => p.AddAuthenticationSchemes(ApiTokenScheme).RequireRole(Roles.Support, Roles.Admin).RequireClaim(TwoFactorClaim, "true"));

    /// <summary>Staff who have not set up two-factor authentication yet and must do so before anything else.</summary>
    public static bool NeedsTwoFactorSetup(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Support))
        && !user.HasClaim(TwoFactorClaim, "true");
}
