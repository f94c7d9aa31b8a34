using System.Security.Claims;

namespace ZlhPortal.Web.Features.Accounts;

public static class UserClaims
{
    /// <summary>The signed-in account's id; null for an anonymous visitor.</summary>
    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
